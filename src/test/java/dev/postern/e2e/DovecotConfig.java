package dev.postern.e2e;

import java.nio.file.Path;

/** The dovecot.conf of the test server: everything under one directory, nothing system-wide. */
final class DovecotConfig {

    private DovecotConfig() {
    }

    /**
     * As root, Dovecot's own users from the package run the login and internal processes.
     * Without root nothing can change owner, so {@code runAs} ("user:group") names us for all
     * of them, and chroot (which needs root) is off.
     */
    static String render(Path dir, String mailUid, String runAs, int imap, int imaps, int pop3, int pop3s) {
        return render(dir, mailUid, runAs, imap, imaps, pop3, pop3s, null);
    }

    /**
     * With {@code oauth2Mechanisms} ("xoauth2 oauthbearer", or one of them), Dovecot also takes OAuth2 tokens, checked
     * against the introspection endpoint in {@code dir/oauth2.conf.ext}; passwords keep their own passdb.
     */
    static String render(Path dir, String mailUid, String runAs, int imap, int imaps, int pop3, int pop3s,
            String oauth2Mechanisms) {
        return render(dir, mailUid, runAs, imap, imaps, pop3, pop3s, oauth2Mechanisms, null);
    }

    /** With {@code submission} set, also Dovecot's submission service (config text from {@link DovecotServer}). */
    static String render(Path dir, String mailUid, String runAs, int imap, int imaps, int pop3, int pop3s,
            String oauth2Mechanisms, String submission) {
        String chroot = runAs != null ? "  chroot =\n" : "";
        String users = runAs == null
                ? "default_login_user = dovenull\ndefault_internal_user = dovecot\n"
                : "default_login_user = %1$s\ndefault_internal_user = %1$s\ndefault_internal_group = %2$s\n"
                        .formatted(runAs.split(":")[0], runAs.split(":")[1]);
        return """
                # Written by dev.postern.e2e.DovecotServer for one test run.
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap pop3%11$s
                listen = 127.0.0.1
                %3$sfirst_valid_uid = %2$s

                ssl = yes
                ssl_cert = <%1$s/cert.pem
                ssl_key = <%1$s/key.pem
                # Clients may log in without TLS: the listeners are on loopback only.
                disable_plaintext_auth = no
                auth_mechanisms = plain login%9$s
                auth_verbose = yes
                # Dovecot stalls failed logins for 2 s; tests of wrong passwords need no tarpit.
                auth_failure_delay = 0

                mail_location = maildir:~/Maildir
                # Test mail is disposable; fsync would only slow every test down.
                mail_fsync = never
                pop3_uidl_format = %%08Xu%%08Xv
                # The default POP3 logout line has no byte counts; SessionBytes needs them.
                pop3_logout_format = in=%%i out=%%o top=%%t/%%p retr=%%r/%%b del=%%d/%%m size=%%s

                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/passwd
                  mechanisms = plain login
                }
                %10$s
                userdb {
                  driver = passwd-file
                  args = username_format=%%u %1$s/passwd
                }

                namespace inbox {
                  inbox = yes
                  separator = /
                  mailbox Sent {
                    special_use = \\Sent
                    auto = subscribe
                  }
                  mailbox Drafts {
                    special_use = \\Drafts
                    auto = subscribe
                  }
                  mailbox Trash {
                    special_use = \\Trash
                    auto = subscribe
                  }
                  mailbox Archive {
                    special_use = \\Archive
                    auto = subscribe
                  }
                  mailbox Junk {
                    special_use = \\Junk
                    auto = subscribe
                  }
                }

                # Listener blocks must span lines: the one-line form is a syntax error.
                service imap-login {
                %4$s  inet_listener imap {
                    port = %5$d
                  }
                  inet_listener imaps {
                    port = %6$d
                    ssl = yes
                  }
                }
                service pop3-login {
                %4$s  inet_listener pop3 {
                    port = %7$d
                  }
                  inet_listener pop3s {
                    port = %8$d
                    ssl = yes
                  }
                }

                protocol imap {
                  # Offers COMPRESS=DEFLATE.
                  mail_plugins = $mail_plugins imap_zlib
                }
                """.formatted(dir, mailUid, users, chroot, imap, imaps, pop3, pop3s,
                oauth2Mechanisms == null ? "" : " " + oauth2Mechanisms,
                oauth2Mechanisms == null ? "" : "passdb {\n  driver = oauth2\n  mechanisms = " + oauth2Mechanisms
                        + "\n  args = " + dir + "/oauth2.conf.ext\n}\n",
                submission == null ? "" : " submission\n" + submission);
    }

    /** {@code config} with Dovecot's acl plugin on (rights read from each folder's {@code dovecot-acl} file) and IMAP's ACL commands. */
    static String withAcl(String config) {
        String imap = "  mail_plugins = $mail_plugins imap_zlib\n";
        if (!config.contains(imap)) throw new IllegalStateException("the IMAP protocol block changed: " + config);
        return "mail_plugins = $mail_plugins acl\nplugin {\n  acl = vfile\n}\n"
                + config.replace(imap, "  mail_plugins = $mail_plugins imap_zlib imap_acl\n");
    }

    /** {@code config} with {@code mechanisms} ("cram-md5") the only login mechanisms offered, in place of PLAIN and LOGIN. */
    static String withAuthMechanisms(String config, String mechanisms) {
        String line = "auth_mechanisms = plain login";
        if (!config.contains(line)) throw new IllegalStateException("the auth_mechanisms line changed: " + config);
        return config.replace(line, "auth_mechanisms = " + mechanisms);
    }

    /** {@code config} with at most {@code n} IMAP and POP3 connections per user and address (as low-limit providers set it). */
    static String withMaxUserIpConnections(String config, int n) {
        return config + "protocol !indexer-worker {\n  mail_max_userip_connections = " + n + "\n}\n";
    }
}
