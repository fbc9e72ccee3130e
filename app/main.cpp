// SPDX-License-Identifier: MIT
#include "cli/app.h"
#include "console/consoleverb.h"

#include <cstring>

int main(int argc, char *argv[])
{
    // The console needs a QGuiApplication; every other verb runs without a display.
    if (argc > 1 && std::strcmp(argv[1], "console") == 0)
        return Kumo::Console::run(argc, argv);
    return Kumo::Cli::run(argc, argv);
}
