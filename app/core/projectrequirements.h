// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QString>

namespace Kumo {

class ProjectService;

/// A project's requirements file for pip, checked as both front ends need it: the project is
/// ready, the file is inside it, and it makes pip read no file outside the project (-r, -c,
/// -e): a project must not make pip read, and echo into install logs, other files of the
/// machine.
struct ProjectRequirements
{
    QString absolutePath; // empty when refused
    QString label; // "project:path", for the audit trail
    FieldErrors errors; // on "requirements.projectId" or "requirements.path"

    [[nodiscard]] bool ok() const { return errors.isEmpty(); }
    /// @p path is relative to the project's root.
    [[nodiscard]] static ProjectRequirements resolve(
        const ProjectService &projects, qint64 projectId, const QString &path);
};

} // namespace Kumo
