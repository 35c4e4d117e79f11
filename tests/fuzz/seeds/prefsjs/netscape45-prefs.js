// Netscape User Preferences
// This is a generated file!  Do not edit.

user_pref("browser.cache.directory", "C:\\Program Files\\Netscape\\Users\\jörg\\cache");
user_pref("browser.startup.homepage", "http://home.netscape.com/");
user_pref("mail.check_time", 10);
user_pref("mail.directory", "C:\\Program Files\\Netscape\\Users\\jörg\\mail");
user_pref("mail.identity.organization", "Müller & Söhne GmbH");
user_pref("mail.identity.useremail", "joerg@example.com");
user_pref("mail.identity.username", "Jörg Müller");
user_pref("mail.imap.fetch_by_chunks", false);
user_pref("mail.imap.root_dir", "C:\\Program Files\\Netscape\\Users\\jörg\\ImapMail");
user_pref("mail.imap.server.mail.example.com.isSecure", true);
user_pref("mail.imap.server.mail.example.com.userName", "joerg");
user_pref("mail.imap.server.mail.example.com.check_new_mail", true);
user_pref("mail.imap.server.mail.example.com.namespace.personal", "\"INBOX.\"");
user_pref("mail.imap.server_sub_directory", "");
user_pref("mail.leave_on_server", true);
user_pref("mail.server_type", 1);
user_pref("mail.signature_file", "C:\\sig.txt");
user_pref("network.hosts.imap_servers", "mail.example.com");
user_pref("network.hosts.smtp_server", "smtp.example.com");
user_pref("security.warn_submit_insecure", false)
