// GNU readline (Debian libreadline-dev), GPL-3.0-or-later: only velo-repl links it (see LICENSE-NOTES.md).
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
