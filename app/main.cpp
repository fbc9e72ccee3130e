// SPDX-License-Identifier: MIT
#include "cli/app.h"

int main(int argc, char *argv[])
{
    return Kumo::Cli::run(argc, argv);
}
