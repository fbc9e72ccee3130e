// SPDX-License-Identifier: MIT
#include "security/role.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
struct RoleName
{
    Role role;
    QStringView name;
};
constexpr std::array<RoleName, 3> kRoleNames { {
    { Role::Viewer, u"viewer" },
    { Role::Operator, u"operator" },
    { Role::Admin, u"admin" },
} };
} // namespace

QString roleName(Role role)
{
    for (const RoleName &entry : kRoleNames) {
        if (entry.role == role)
            return entry.name.toString();
    }
    return u"viewer"_s;
}

std::optional<Role> roleFromName(QStringView name)
{
    for (const RoleName &entry : kRoleNames) {
        if (entry.name == name)
            return entry.role;
    }
    return std::nullopt;
}

} // namespace Kumo
