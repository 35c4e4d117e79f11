// Netscape User Preferences
// This is a generated file!  Do not edit.

user_pref("mail.auth_login", false);
user_pref("mail.imap.server.imap.example.com.check_time", 10);
user_pref("mail.imap.server.imap.example.com.isSecure", true);
user_pref("mail.imap.server.imap.example.com.userName", "ann");
user_pref("mail.imap.server.mail.example.org:993.isSecure", "true");
user_pref("mail.imap.server.mail.example.org:993.userName", 42);
user_pref("mail.server_ssl", false);
user_pref("mail.imap.server_ssl", true);
user_pref("mail.server_ssl", 1);
user_pref("network.hosts.imap_servers", "imap.example.com,mail.example.org:993");
