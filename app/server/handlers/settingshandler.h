// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class Engine;

/// GET/PATCH /api/settings: the settings stored in the database, by group. So far "pypi" (the
/// package index every install uses) and "python" (conda executable, extra interpreter paths);
/// passwords in URLs are masked in answers and kept when sent back masked.
class SettingsHandler
{
public:
    explicit SettingsHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse get(RequestContext &context);
    HttpResponse update(RequestContext &context);

private:
    [[nodiscard]] QJsonObject settingsJson() const;

    Engine &m_engine;
};

} // namespace Kumo
