// SPDX-License-Identifier: MIT
#include "projects/project.h"

#include "core/timeformat.h"

using namespace Qt::StringLiterals;

namespace Kumo {

QString Project::stateName(State state)
{
    switch (state) {
    case State::Extracting:
        return u"extracting"_s;
    case State::Ready:
        return u"ready"_s;
    case State::Replacing:
        return u"replacing"_s;
    case State::Failed:
        break;
    }
    return u"failed"_s;
}

std::optional<Project::State> Project::stateFromName(QStringView name)
{
    if (name == u"extracting")
        return State::Extracting;
    if (name == u"ready")
        return State::Ready;
    if (name == u"replacing")
        return State::Replacing;
    if (name == u"failed")
        return State::Failed;
    return std::nullopt;
}

QJsonObject Project::toJson() const
{
    return {
        { u"id"_s, id },
        { u"name"_s, name },
        { u"description"_s, description },
        { u"workingDir"_s, workingDir },
        { u"outputDir"_s, outputDir },
        { u"state"_s, stateName(state) },
        { u"error"_s, error.isEmpty() ? QJsonValue() : QJsonValue(error) },
        { u"files"_s, files },
        { u"bytes"_s, bytes },
        { u"suggestedWorkingDir"_s, topLevelDir },
        { u"revision"_s, revision },
        { u"createdAt"_s, toRfc3339(createdAt) },
        { u"updatedAt"_s, toRfc3339(updatedAt) },
    };
}

} // namespace Kumo
