package dev.postern.ui;

import java.util.Map;

/** The compose review screen's commands ({@link ComposeScreen}; the [compose] section of the bindings) and their help. */
final class ComposeCommands {
    private ComposeCommands() {}

    /** The review screen's commands (bound in the [compose] section of the bindings) and their help text. */
    static final Map<String, String> COMMANDS = commands();

    private static Map<String, String> commands() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("compose-send", "review screen: send the message");
        m.put("compose-edit", "review screen: edit the draft again");
        m.put("compose-attach", "review screen: attach a file (Tab completes the path)");
        m.put("compose-detach", "review screen: remove an attachment");
        m.put("compose-to", "review screen: change To (Tab completes addresses)");
        m.put("compose-cc", "review screen: change Cc");
        m.put("compose-bcc", "review screen: change Bcc");
        m.put("compose-subject", "review screen: change the subject");
        m.put("compose-from", "review screen: change From");
        m.put("compose-identity", "review screen: switch to the account's following identity (From, signature, Sent folder)");
        m.put("compose-postpone", "review screen: save to Drafts instead of sending");
        m.put("compose-cancel", "review screen: discard the message (asks first)");
        m.put("compose-sign", "review screen: sign the message or not (PGP/MIME, or S/MIME by crypto_protocol)");
        m.put("compose-encrypt", "review screen: encrypt never / if every recipient has a key / always");
        return java.util.Collections.unmodifiableMap(m);
    }
}
