// SPDX-License-Identifier: MIT
#include "cli/app.h"
#ifdef KUMO_WITH_CONSOLE
#include "console/consoleverb.h"
#endif

#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    if (argc > 1 && std::strcmp(argv[1], "console") == 0) {
#ifdef KUMO_WITH_CONSOLE
        // The console needs a QGuiApplication; every other verb runs without a display.
        return Kumo::Console::run(argc, argv);
#else
        std::fputs("kumo console: this build has no desktop console (built with "
                   "-DKUMO_BUILD_CONSOLE=OFF, as the container image is); use kumo serve\n",
            stderr);
        return 1;
#endif
    }
    return Kumo::Cli::run(argc, argv);
}
