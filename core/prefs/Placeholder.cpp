// Prefs registry and prefs.js arrive with issue 4.
