// The desktop UI arrives with issue 7.
