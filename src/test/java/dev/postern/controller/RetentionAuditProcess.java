package dev.postern.controller;

import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.model.Work;
import dev.postern.store.MailStore;
import dev.postern.store.MapDbStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The child of {@link RetentionAuditKillTest}: runs a retention job over the store, and at its second batch's commit
 * says so on stdout and waits to be killed: {@code after} once the commit is done (the store has it, the log's
 * outcome lines not yet), {@code before} just before it (the log has the intent, the store not the deletion).
 */
public final class RetentionAuditProcess {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Config config = new ConfigLoader(Map.of("HOME", args[2])).load(Path.of(args[1]));
        MapDbStore real = MapDbStore.open(config.dataDir());
        int[] commits = {0};
        MailStore store = (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                (proxy, method, margs) -> {
                    boolean commit = method.getName().equals("commit") && method.getParameterCount() == 0;
                    if (commit && ++commits[0] == 2 && mode.equals("before")) park("COMMITTING");
                    Object result;
                    try {
                        result = method.invoke(real, margs);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (commit && commits[0] == 2 && mode.equals("after")) park("COMMITTED");
                    return result;
                });
        new RetentionJob(config, store, a -> {
            throw new AssertionError("a local rule needs no server");
        }).run(List.of("t"), RetentionReport.Mode.YES, Work.NONE);
        System.out.println("FINISHED");
        System.out.flush();
    }

    private static void park(String what) throws InterruptedException {
        System.out.println(what);
        System.out.flush();
        Thread.sleep(600_000); // the test kills us here
    }
}
