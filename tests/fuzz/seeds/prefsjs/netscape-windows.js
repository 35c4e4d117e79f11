// Netscape User Preferences
// This is a generated file!  Do not edit.

user_pref("browser.bookmark_file", "C:\\Program Files\\Netscape\\Users\\ann\\bookmark.htm");
user_pref("mail.identity.organization", "Example \"Widgets\" Ltd.");
user_pref("mail.imap.server.imap.example.com.userName", "ann");
user_pref("mail.imap.server_ssl", true);
user_pref("mail.imap.ssl_port", 993);

/* Added by the help desk: KB Q194998
   workaround */
user_pref("mail.imap.fetch_by_chunks", false);  // was true
# user_pref("mail.imap.chunk_size", 6144);
