pref("a", 1); lockPref("b", true);sticky_pref('c', "x\u00e9\x41\uD83D\uDE00\n")
user_pref(
 "mail.imap.chunk_add",
 4096
)
user_pref("bad", tru);
user_pref("mail.imap.chunk_size", "6144");
user_pref("x", 06144); user_pref("y", 2147483648); user_pref("z", -2147483648);
user_pref("s", "unterminated);
foo("q", 1);
/* open comment
