user_pref("mail.imap.fetch_by_chunks", false);
