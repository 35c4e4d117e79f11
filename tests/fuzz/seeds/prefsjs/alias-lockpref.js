user_pref("mail.server_ssl", true);
lockPref("mail.server_ssl", false);
