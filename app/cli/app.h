// SPDX-License-Identifier: MIT
#pragma once

namespace Kumo::Cli {

/// Entry point of the `kumo` program: dispatches to the verb named by the first argument.
[[nodiscard]] int run(int argc, char *argv[]);

} // namespace Kumo::Cli
