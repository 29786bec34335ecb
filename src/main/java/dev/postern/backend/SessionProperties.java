package dev.postern.backend;

import dev.postern.config.AccountConfig;
import dev.postern.model.Security;
import java.util.Properties;

/**
 * The Jakarta Mail properties every protocol's session shares: connect, read and write time-outs on
 * every socket (Angus's default is to wait forever), certificate host-name checking, STARTTLS as a
 * requirement rather than a wish, and a pinned certificate when the account names one.
 */
public final class SessionProperties {
    private SessionProperties() {}

    /** Angus's store protocol name for the account: "imaps"/"imap", "pop3s"/"pop3". */
    public static String protocol(AccountConfig a, String plain) {
        return a.security() == Security.TLS ? plain + "s" : plain;
    }

    /** Properties for {@code protocol} (as {@link #protocol} names it), to which a session adds its own. */
    public static Properties common(AccountConfig a, String protocol) {
        String p = "mail." + protocol + ".";
        String ms = Long.toString(a.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "connectiontimeout", ms);
        props.put(p + "timeout", ms);
        props.put(p + "writetimeout", ms);
        props.put(p + "ssl.checkserveridentity", "true");
        if (a.security() == Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (a.security() != Security.PLAIN) {
            props.put(p + "ssl.socketFactory", a.trustCert() != null ? TlsTrust.trustingOnly(a.name(), a.trustCert())
                    : TlsTrust.systemTrust());
        }
        return props;
    }
}
