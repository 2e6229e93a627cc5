/* fiscx check: placeholder until the command lands. */
#include "cli.h"

int fx_cmd_check(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("fiscx check: not available in this build yet\n", stderr);
    return 2;
}
