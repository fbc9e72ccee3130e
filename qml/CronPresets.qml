// Presets for common cron schedules, kept in step with the expression text both ways: setting
// `expression` selects the preset it matches (or Custom); changing a preset emits picked() with
// the new text. The same presets as the browser dashboard's cron builder.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: presets
    /// The cron text the presets show; set it when the text changes elsewhere.
    property string expression: ""
    /// Emitted with the expression of the preset the user chose.
    signal picked(string expression)

    readonly property var kinds: ["minutes", "hourly", "daily", "weekdays", "weekly", "monthly", "custom"]
    readonly property var minuteSteps: [1, 2, 5, 10, 15, 20, 30]
    property var preset: recognise("")
    spacing: 6

    Component.onCompleted: preset = recognise(expression)
    onExpressionChanged: {
        if (preset.kind === "custom" || expression !== expressionOf(preset))
            preset = recognise(expression)
    }

    /// The preset @p text is, or {kind: "custom"} with the fields of the last one kept.
    function recognise(text) {
        const base = { kind: "custom", every: 5, minute: 0, hour: 9, weekday: 1, monthDay: 1 }
        const fields = text.trim().split(/\s+/)
        if (fields.length !== 5)
            return base
        const [minute, hour, day, month, weekday] = fields
        const number = (field, low, high) => /^\d+$/.test(field) && +field >= low && +field <= high ? +field : -1
        const m = number(minute, 0, 59), h = number(hour, 0, 23)
        if (month !== "*")
            return base
        const step = /^\*\/(\d+)$/.exec(minute)
        if (step && hour === "*" && day === "*" && weekday === "*" && +step[1] >= 1 && +step[1] <= 59)
            return Object.assign(base, { kind: "minutes", every: +step[1] })
        if (minute === "*" && hour === "*" && day === "*" && weekday === "*")
            return Object.assign(base, { kind: "minutes", every: 1 })
        if (m < 0)
            return base
        if (hour === "*" && day === "*" && weekday === "*")
            return Object.assign(base, { kind: "hourly", minute: m })
        if (h < 0)
            return base
        const at = { minute: m, hour: h }
        if (day === "*" && weekday === "*")
            return Object.assign(base, at, { kind: "daily" })
        if (day === "*" && (weekday === "1-5" || weekday.toUpperCase() === "MON-FRI"))
            return Object.assign(base, at, { kind: "weekdays" })
        if (day === "*" && number(weekday, 0, 7) >= 0)
            return Object.assign(base, at, { kind: "weekly", weekday: number(weekday, 0, 7) % 7 })
        if (weekday === "*" && number(day, 1, 31) > 0)
            return Object.assign(base, at, { kind: "monthly", monthDay: number(day, 1, 31) })
        return base
    }

    function expressionOf(p) {
        switch (p.kind) {
        case "minutes": return p.every === 1 ? "* * * * *" : `*/${p.every} * * * *`
        case "hourly": return `${p.minute} * * * *`
        case "daily": return `${p.minute} ${p.hour} * * *`
        case "weekdays": return `${p.minute} ${p.hour} * * 1-5`
        case "weekly": return `${p.minute} ${p.hour} * * ${p.weekday}`
        case "monthly": return `${p.minute} ${p.hour} ${p.monthDay} * *`
        }
        return ""
    }

    function change(patch) {
        preset = Object.assign({}, preset, patch)
        if (preset.kind !== "custom")
            picked(expressionOf(preset))
    }

    function weekdayName(day) {
        return Qt.locale().dayName(day, Locale.LongFormat)
    }

    ComboBox {
        objectName: "cronPresetKind"
        implicitContentWidthPolicy: ComboBox.WidestText
        Accessible.name: qsTr("Schedule")
        model: [qsTr("Every N minutes"), qsTr("Hourly"), qsTr("Daily"), qsTr("Weekdays"), qsTr("Weekly"),
            qsTr("Monthly"), qsTr("Custom")]
        currentIndex: presets.kinds.indexOf(presets.preset.kind)
        onActivated: index => presets.change({ kind: presets.kinds[index] })
    }
    ComboBox {
        objectName: "cronPresetEvery"
        visible: presets.preset.kind === "minutes"
        Accessible.name: qsTr("Every how many minutes")
        model: presets.minuteSteps.includes(presets.preset.every) ? presets.minuteSteps
                                                                  : presets.minuteSteps.concat([presets.preset.every]).sort((a, b) => a - b)
        displayText: qsTr("every %1 min").arg(currentValue)
        currentIndex: model.indexOf(presets.preset.every)
        onActivated: index => presets.change({ every: model[index] })
    }
    ComboBox {
        objectName: "cronPresetWeekday"
        visible: presets.preset.kind === "weekly"
        Accessible.name: qsTr("Weekday")
        model: [1, 2, 3, 4, 5, 6, 0].map(day => presets.weekdayName(day))
        currentIndex: [1, 2, 3, 4, 5, 6, 0].indexOf(presets.preset.weekday)
        onActivated: index => presets.change({ weekday: [1, 2, 3, 4, 5, 6, 0][index] })
    }
    Label {
        visible: presets.preset.kind === "monthly"
        text: qsTr("on day")
    }
    SpinBox {
        objectName: "cronPresetDay"
        Layout.preferredWidth: 84
        visible: presets.preset.kind === "monthly"
        Accessible.name: qsTr("Day of the month")
        from: 1
        to: 31
        value: presets.preset.monthDay
        onValueModified: presets.change({ monthDay: value })
    }
    Label {
        visible: presets.preset.kind === "hourly"
        text: qsTr("at minute")
    }
    Label {
        visible: ["daily", "weekdays", "weekly", "monthly"].includes(presets.preset.kind)
        text: qsTr("at")
    }
    SpinBox {
        objectName: "cronPresetHour"
        Layout.preferredWidth: 84
        visible: ["daily", "weekdays", "weekly", "monthly"].includes(presets.preset.kind)
        Accessible.name: qsTr("Hour")
        from: 0
        to: 23
        value: presets.preset.hour
        textFromValue: value => String(value).padStart(2, "0")
        onValueModified: presets.change({ hour: value })
    }
    Label {
        visible: ["daily", "weekdays", "weekly", "monthly"].includes(presets.preset.kind)
        text: ":"
    }
    SpinBox {
        objectName: "cronPresetMinute"
        Layout.preferredWidth: 84
        visible: presets.preset.kind !== "minutes" && presets.preset.kind !== "custom"
        Accessible.name: qsTr("Minute")
        from: 0
        to: 59
        value: presets.preset.minute
        textFromValue: value => String(value).padStart(2, "0")
        onValueModified: presets.change({ minute: value })
    }
}
