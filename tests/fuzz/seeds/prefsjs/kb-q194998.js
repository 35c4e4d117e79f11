// Netscape User Preferences
// This is a generated file!  Do not edit.

user_pref("mail.imap.chunk_fast", -1);
user_pref("mail.imap.chunk_ideal", 2147483647);
user_pref("mail.imap.chunk_size", 6144);
user_pref("mail.imap.min_chunk_size_threshold", 6144);
