package dev.postern.resident;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The served reader's client's terminal through stty(1) on its standard input: its size, and its modes set or read. */
final class Stty {
    private Stty() {}

    /** {columns, rows} of this terminal ({@code stty size}); 80x24 when it cannot be told. */
    static int[] size() {
        String s = run(true, "size");
        if (s != null) {
            String[] w = s.strip().split("\\s+");
            if (w.length == 2) {
                try {
                    int rows = Integer.parseInt(w[0]);
                    int cols = Integer.parseInt(w[1]);
                    if (rows > 0 && cols > 0) return new int[] {cols, rows};
                } catch (NumberFormatException e) {
                    // below
                }
            }
        }
        return new int[] {80, 24};
    }

    /** Runs stty on this terminal (its standard input); its output when {@code capture}, null when it failed. */
    static String run(boolean capture, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            if (!capture) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (capture) p.getInputStream().transferTo(b);
            return p.waitFor() == 0 ? b.toString(StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
