<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../AuditPage.qml" line="10"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="21"/>
        <source>action, e.g. task.*</source>
        <translation>操作，例如 task.*</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="40"/>
        <source>Nothing recorded for this filter.</source>
        <translation>此筛选条件下没有记录。</translation>
    </message>
</context>
<context>
    <name>ConsoleBackend</name>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="281"/>
        <source>%1 is not a file</source>
        <translation>%1 不是文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="284"/>
        <source>%1 is larger than the %2 bytes an upload may be</source>
        <translation>%1 超过了上传允许的 %2 字节</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="331"/>
        <source>%1 is not a text file</source>
        <translation>%1 不是文本文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="344"/>
        <source>the text is larger than the %1 bytes the editor saves</source>
        <translation>文本超过了编辑器可保存的 %1 字节</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="414"/>
        <source>the action must be install, upgrade or uninstall</source>
        <translation>操作必须是 install、upgrade 或 uninstall</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="416"/>
        <source>name at least one package</source>
        <translation>至少填写一个包</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="508"/>
        <source>the setting could not be stored</source>
        <translation>无法保存该设置</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../DashboardPage.qml" line="11"/>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="37"/>
        <source>Running now</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="38"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="39"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="40"/>
        <source>Concurrency limit</source>
        <translation>并发上限</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="61"/>
        <source>CPU %1%</source>
        <translation>CPU %1%</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="75"/>
        <source>Memory %1 of %2</source>
        <translation>内存 %1 / %2</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="88"/>
        <source>Latest runs</source>
        <translation>最近运行</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../EnvironmentPage.qml" line="35"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="39"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="53"/>
        <source>requests pandas&gt;=2 …</source>
        <translation>requests pandas&gt;=2 …</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="56"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="58"/>
        <source>Reading the packages…</source>
        <translation>正在读取包列表…</translation>
    </message>
    <message numerus="yes">
        <location filename="../EnvironmentPage.qml" line="58"/>
        <source>%n package(s)</source>
        <translation><numerusform>%n 个包</numerusform></translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="81"/>
        <source>Uninstall %1</source>
        <translation>卸载 %1</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="90"/>
        <source>Operation #%1: %2</source>
        <translation>操作 #%1：%2</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="90"/>
        <source>No operation running.</source>
        <translation>没有正在进行的操作。</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="118"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="120"/>
        <source>The environment and its installed packages are deleted.</source>
        <translation>该环境及其已安装的包将被删除。</translation>
    </message>
</context>
<context>
    <name>EnvironmentsPage</name>
    <message>
        <location filename="../EnvironmentsPage.qml" line="11"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="20"/>
        <location filename="../EnvironmentsPage.qml" line="65"/>
        <source>New environment</source>
        <translation>新建环境</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="34"/>
        <source>No environments yet. Make one from a Python interpreter on this machine.</source>
        <translation>还没有环境。用本机的 Python 解释器创建一个。</translation>
    </message>
    <message numerus="yes">
        <location filename="../EnvironmentsPage.qml" line="54"/>
        <source>%n package(s)</source>
        <translation><numerusform>%n 个包</numerusform></translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="68"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="71"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="85"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="87"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
</context>
<context>
    <name>InterpretersPage</name>
    <message>
        <location filename="../InterpretersPage.qml" line="11"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="18"/>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="28"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="29"/>
        <source>Detect again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="55"/>
        <source>used by %1</source>
        <translation>被 %1 使用</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="58"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="13"/>
        <source>Kumo — %1</source>
        <translation>Kumo — %1</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="33"/>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="34"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="35"/>
        <source>Runs &amp;&amp; logs</source>
        <translation>运行与日志</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="36"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="37"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="38"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="39"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="40"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="99"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="102"/>
        <source>Serving %1</source>
        <translation>正在提供服务：%1</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="102"/>
        <source>Not serving HTTP</source>
        <translation>未提供 HTTP 服务</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="109"/>
        <source>Kumo %1</source>
        <translation>Kumo %1</translation>
    </message>
</context>
<context>
    <name>ProjectPage</name>
    <message>
        <location filename="../ProjectPage.qml" line="41"/>
        <source>%1 saved</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="52"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="53"/>
        <source>Project #%1</source>
        <translation>项目 #%1</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="55"/>
        <location filename="../ProjectPage.qml" line="115"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="92"/>
        <source>Choose a file on the left.</source>
        <translation>在左侧选择一个文件。</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="103"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="104"/>
        <source>%1 has changes that are not saved.</source>
        <translation>%1 有未保存的修改。</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="106"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="109"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <location filename="../ProjectsPage.qml" line="12"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="28"/>
        <source>Import ZIP…</source>
        <translation>导入 ZIP…</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="34"/>
        <source>Choose a project archive</source>
        <translation>选择项目压缩包</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="35"/>
        <source>Archives (*.zip *.tar.gz *.tgz *.tar.xz *.tar.zst *.7z)</source>
        <translation>压缩包 (*.zip *.tar.gz *.tgz *.tar.xz *.tar.zst *.7z)</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="53"/>
        <source>No projects yet. Import a ZIP of your Python project.</source>
        <translation>还没有项目。导入你的 Python 项目 ZIP。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ProjectsPage.qml" line="73"/>
        <source>%n file(s)</source>
        <translation><numerusform>%n 个文件</numerusform></translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="73"/>
        <source>revision %1</source>
        <translation>版本 %1</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../RunPage.qml" line="36"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="37"/>
        <source>Run #%1</source>
        <translation>运行 #%1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="39"/>
        <source>exit %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="43"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="51"/>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="65"/>
        <source>started %1</source>
        <translation>开始于 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="65"/>
        <source>finished %1</source>
        <translation>结束于 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="66"/>
        <source>CPU peak %1</source>
        <translation>CPU 峰值 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="67"/>
        <source>memory peak %1</source>
        <translation>内存峰值 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="80"/>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="86"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="138"/>
        <source>Waiting for output…</source>
        <translation>等待输出…</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="138"/>
        <source>This run wrote nothing.</source>
        <translation>这次运行没有输出。</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="147"/>
        <source>↓ Follow</source>
        <translation>↓ 跟随</translation>
    </message>
</context>
<context>
    <name>RunTable</name>
    <message>
        <location filename="../RunTable.qml" line="18"/>
        <source>No runs yet.</source>
        <translation>还没有运行记录。</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="24"/>
        <source>scheduled</source>
        <translation>按计划</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="24"/>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="24"/>
        <source>retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="46"/>
        <source>attempt %1</source>
        <translation>第 %1 次尝试</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="49"/>
        <source>exit %1</source>
        <translation>退出码 %1</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../RunsPage.qml" line="11"/>
        <source>Runs and logs</source>
        <translation>运行与日志</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../SettingsPage.qml" line="11"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="36"/>
        <source>Environment variables</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="39"/>
        <location filename="../SettingsPage.qml" line="113"/>
        <source>New variable</source>
        <translation>新建变量</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="53"/>
        <source>secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="65"/>
        <source>PyPI mirror</source>
        <translation>PyPI 镜像</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="76"/>
        <location filename="../SettingsPage.qml" line="95"/>
        <location filename="../SettingsPage.qml" line="123"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="79"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="86"/>
        <source>Serve the API and browser dashboard</source>
        <translation>提供 API 和浏览器仪表盘</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="98"/>
        <source>Applies at the next start of the console. Empty: the console serves nothing. Now: %1</source>
        <translation>下次启动控制台时生效。留空：控制台不提供服务。当前：%1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="98"/>
        <source>not serving</source>
        <translation>未提供服务</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="103"/>
        <source>Data directory: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="113"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="122"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="128"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="130"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="136"/>
        <source>leave blank to keep</source>
        <translation>留空则保持不变</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="138"/>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="140"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>StartupError</name>
    <message>
        <location filename="../StartupError.qml" line="13"/>
        <location filename="../StartupError.qml" line="20"/>
        <source>Kumo cannot start</source>
        <translation>Kumo 无法启动</translation>
    </message>
    <message>
        <location filename="../StartupError.qml" line="32"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>StateBadge</name>
    <message>
        <location filename="../StateBadge.qml" line="9"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="10"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="11"/>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="12"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="13"/>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="14"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="15"/>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="16"/>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="17"/>
        <source>Missed</source>
        <translation>已错过</translation>
    </message>
</context>
<context>
    <name>TaskEditor</name>
    <message>
        <location filename="../TaskEditor.qml" line="22"/>
        <source>Edit task</source>
        <translation>编辑任务</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="22"/>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="84"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="85"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="94"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="100"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="106"/>
        <source>Trigger</source>
        <translation>触发器</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="110"/>
        <source>Cron expression</source>
        <translation>Cron 表达式</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="110"/>
        <source>Interval</source>
        <translation>固定间隔</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="113"/>
        <source>Cron</source>
        <translation>Cron</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="122"/>
        <source>Every (seconds)</source>
        <translation>间隔（秒）</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="132"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="133"/>
        <source>the server&apos;s zone</source>
        <translation>服务器时区</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="134"/>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="136"/>
        <source>Timeout (s, 0 = none)</source>
        <translation>超时（秒，0 = 不限）</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="142"/>
        <source>This task runs once at a date; that trigger is kept unless you choose another here.</source>
        <translation>此任务在指定时间运行一次；除非在此选择其他触发器，否则保持不变。</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="151"/>
        <source>Next 5 fires</source>
        <translation>接下来 5 次触发</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="166"/>
        <source>⚠ DST shift</source>
        <translation>⚠ 夏令时切换</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <location filename="../../app/console/tasklistmodel.cpp" line="31"/>
        <source>cron %1</source>
        <translation>cron %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/console/tasklistmodel.cpp" line="33"/>
        <source>every %n s</source>
        <translation><numerusform>每 %n 秒</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/console/tasklistmodel.cpp" line="35"/>
        <source>once at %1</source>
        <translation>于 %1 执行一次</translation>
    </message>
</context>
<context>
    <name>TaskPage</name>
    <message>
        <location filename="../TaskPage.qml" line="28"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="32"/>
        <source>Run now</source>
        <translation>立即运行</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="41"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="41"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="47"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="48"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="58"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="60"/>
        <source>Trigger</source>
        <translation>触发器</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="62"/>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="63"/>
        <source>not scheduled</source>
        <translation>未调度</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="64"/>
        <source>Retries / timeout</source>
        <translation>重试 / 超时</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="65"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="67"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="84"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="86"/>
        <source>The task is deleted; its past runs stay in the history.</source>
        <translation>任务将被删除；已有的运行记录会保留。</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <location filename="../TasksPage.qml" line="12"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message numerus="yes">
        <location filename="../TasksPage.qml" line="23"/>
        <source>%n task(s)</source>
        <translation><numerusform>%n 个任务</numerusform></translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="26"/>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="46"/>
        <source>No tasks yet. Create one with New task (Ctrl+N).</source>
        <translation>还没有任务。用“新建任务”（Ctrl+N）创建一个。</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="75"/>
        <source>next %1</source>
        <translation>下次 %1</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="75"/>
        <source>not scheduled</source>
        <translation>未调度</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="84"/>
        <source>Enabled: click to pause</source>
        <translation>已启用：点击暂停</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="84"/>
        <source>Paused: click to resume</source>
        <translation>已暂停：点击恢复</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="93"/>
        <source>Run now</source>
        <translation>立即运行</translation>
    </message>
</context>
</TS>
