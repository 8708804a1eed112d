<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivitiesScreen</name>
    <message>
        <source>New team…</source>
        <translation>新建服务队…</translation>
    </message>
    <message>
        <source>Import volunteer roster…</source>
        <translation>导入志愿者花名册…</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>新增活动</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Participants (人次)</source>
        <translation>参与人次</translation>
    </message>
    <message>
        <source>Beneficiaries</source>
        <translation>受益人数</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>情况描述</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Volunteers and hours</source>
        <translation>志愿者及服务时长</translation>
    </message>
    <message>
        <source>Households served</source>
        <translation>服务住户</translation>
    </message>
</context>
<context>
    <name>ActivityForm</name>
    <message>
        <source>Volunteer activity</source>
        <translation>志愿服务活动</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Participants (人次)</source>
        <translation>参与人次</translation>
    </message>
    <message>
        <source>Beneficiaries</source>
        <translation>受益人数</translation>
    </message>
    <message>
        <source>Households served</source>
        <translation>服务住户</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>情况描述</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Add a volunteer: type a name</source>
        <translation>添加志愿者：输入姓名</translation>
    </message>
    <message>
        <source>Volunteers and hours</source>
        <translation>志愿者及服务时长</translation>
    </message>
    <message>
        <source>Activity: %1</source>
        <translation>活动：%1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>%1 listed more than once (two computers each added them): remove the extra rows.</source>
        <translation>%1登记了不止一次（两台电脑各添加了一次）：请移除多余的行。</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add an account on this laptop</source>
        <translation>在本机添加账户</translation>
    </message>
    <message>
        <source>Accounts from the regional server arrive by themselves with each sync.</source>
        <translation>区域服务器上的账户会随每次同步自动到达本机。</translation>
    </message>
    <message>
        <source>Add the account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <source>User name (letters and digits)</source>
        <translation>用户名（字母和数字）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Password (at least 8 characters)</source>
        <translation>密码（至少8个字符）</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Your own password, to confirm</source>
        <translation>您自己的密码（用于确认）</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Find archived records on the server</source>
        <translation>在服务器上查找已归档的记录</translation>
    </message>
    <message>
        <source>A name, a title, words of a summary</source>
        <translation>姓名、标题或摘要中的字词</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Bring back to this laptop</source>
        <translation>取回到本机</translation>
    </message>
    <message>
        <source>Could not reach the server: %1</source>
        <translation>无法连接服务器：%1</translation>
    </message>
    <message>
        <source>%1 found</source>
        <translation>找到 %1 条</translation>
    </message>
    <message>
        <source>Brought back %1 records to this laptop.</source>
        <translation>已取回 %1 条记录到本机。</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>No records yet</source>
        <translation>暂无记录</translation>
    </message>
</context>
<context>
    <name>CardBox</name>
    <message>
        <source>All %1…</source>
        <translation>全部 %1 条…</translation>
    </message>
</context>
<context>
    <name>ConflictsScreen</name>
    <message>
        <source>Value the server had</source>
        <translation>服务器上原有的值</translation>
    </message>
    <message>
        <source>Value sent later by another laptop</source>
        <translation>另一台电脑随后发来的值</translation>
    </message>
    <message>
        <source>Keep the value above</source>
        <translation>保留上面填写的值</translation>
    </message>
    <message>
        <source>Or write the value to keep</source>
        <translation>或填写要保留的值</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Review decision</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Write the value to keep, or keep one of the two above.</source>
        <translation>请填写要保留的值，或保留上面两个值之一。</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>Visits in the period</source>
        <translation>本期走访次数</translation>
    </message>
    <message>
        <source>Visits made in the chosen period in your grids.</source>
        <translation>所选报告期内在您负责网格中的走访次数。</translation>
    </message>
    <message>
        <source>Households visited in 90 days</source>
        <translation>近90天走访覆盖率</translation>
    </message>
    <message>
        <source>Share of your grids&apos; households visited at least once in the last 90 days.</source>
        <translation>您负责网格中近90天内至少走访过一次的住户所占比例。</translation>
    </message>
    <message>
        <source>Disputes resolved by mediation</source>
        <translation>纠纷调解成功率</translation>
    </message>
    <message>
        <source>Agreements reached, of the disputes whose mediation has ended.</source>
        <translation>调解已结束的纠纷中达成协议的比例。</translation>
    </message>
    <message>
        <source>Overdue follow-ups</source>
        <translation>逾期未回访</translation>
    </message>
    <message>
        <source>Open major-risk disputes</source>
        <translation>未办结重大风险纠纷</translation>
    </message>
    <message>
        <source>Volunteer hours, 6 months</source>
        <translation>近6个月志愿服务时长</translation>
    </message>
    <message>
        <source>Hours served in your grids&apos; activities in the last six months.</source>
        <translation>近六个月您负责网格志愿活动的服务时长。</translation>
    </message>
    <message>
        <source>Service items done</source>
        <translation>服务事项办结率</translation>
    </message>
    <message>
        <source>Completion rate: items done, of all registered in your grids.</source>
        <translation>办结率：已办结的服务事项占本网格全部登记事项的比例。</translation>
    </message>
    <message>
        <source>Residents satisfied</source>
        <translation>群众满意率</translation>
    </message>
    <message>
        <source>Satisfaction rate: rated satisfied or fairly satisfied, of the items done and rated.</source>
        <translation>满意率：已办结且已评价的事项中，评价为满意或基本满意的比例。</translation>
    </message>
    <message>
        <source>Service items overdue</source>
        <translation>超期服务事项</translation>
    </message>
    <message>
        <source>Open service items past their due date.</source>
        <translation>超过办理时限仍未办结的服务事项。</translation>
    </message>
    <message>
        <source>Visits in the period by grid</source>
        <translation>本期各网格走访次数</translation>
    </message>
    <message>
        <source>Activities by type in the period (sessions/participants)</source>
        <translation>本期各类活动（场次/人次）</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Figures for %1 (%2)</source>
        <translation>%1数据（%2）</translation>
    </message>
    <message>
        <source>Disputes by category</source>
        <translation>矛盾纠纷类别</translation>
    </message>
    <message>
        <source>Disputes by status</source>
        <translation>矛盾纠纷状态</translation>
    </message>
    <message>
        <source>Volunteer hours by month and team</source>
        <translation>各服务队每月志愿服务时长</translation>
    </message>
    <message>
        <source>Care groups visited this period (visited ÷ members)</source>
        <translation>关爱对象本期走访覆盖（已走访 ÷ 对象数）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>DataBox</name>
    <message>
        <source>Data and backups</source>
        <translation>数据与备份</translation>
    </message>
    <message>
        <source>Measuring the database…</source>
        <translation>正在计算数据库大小…</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Archive now</source>
        <translation>立即归档</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Find archived records…</source>
        <translation>查找已归档的记录…</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Archive records finished more than</source>
        <translation>归档办结超过以下天数的记录</translation>
    </message>
    <message>
        <source>Could not do it: %1</source>
        <translation>未能完成：%1</translation>
    </message>
    <message>
        <source>%1 · archiving would free about %2 (%3 records)</source>
        <translation>%1 · 归档可释放约 %2（%3 条记录）</translation>
    </message>
    <message>
        <source>Finished records the server already holds leave this laptop; you can bring any of them back from the server when online. Archive now?</source>
        <translation>服务器已保存的已办结记录将从本机移走；联网时可以随时从服务器取回。现在归档吗？</translation>
    </message>
    <message>
        <source>Archived %1 records; the database went from %2 to %3.</source>
        <translation>已归档 %1 条记录；数据库从 %2 减少到 %3。</translation>
    </message>
    <message>
        <source>Back up to which folder?</source>
        <translation>备份到哪个文件夹？</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>Restore which backup?</source>
        <translation>恢复哪个备份？</translation>
    </message>
    <message>
        <source>Tongxin backups (*%1)</source>
        <translation>同心网格备份 (*%1)</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Your password, to restore:</source>
        <translation>请输入您的密码以恢复：</translation>
    </message>
    <message>
        <source>The backup of %1 is checked. Close Tongxin and start it again: it is restored before it opens, and the current database is kept aside.</source>
        <translation>%1 的备份已核对无误。请关闭同心网格后重新启动：打开前会先恢复该备份，当前数据库另存一份。</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Type the day (2026-12-15); F4 or Alt+Down opens the calendar</source>
        <translation>输入日期（如 2026-12-15），按 F4 或 Alt+↓ 打开日历</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
</context>
<context>
    <name>Definitions</name>
    <message>
        <source>Overdue: dispute follow-ups and return visits (asked for in the last 90 days) whose date has passed and that are not yet made, in your grids.</source>
        <translation>逾期：您负责网格中日期已过、尚未完成的纠纷回访和走访约定的回访（近90天内约定的）。</translation>
    </message>
    <message>
        <source>Major-risk disputes of your grids not yet closed.</source>
        <translation>您负责网格中尚未结案的重大风险纠纷。</translation>
    </message>
</context>
<context>
    <name>DisputeForm</name>
    <message>
        <source>Dispute</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Occurred on</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>情况描述</translation>
    </message>
    <message>
        <source>Ethnic factors</source>
        <translation>民族因素</translation>
    </message>
    <message>
        <source>Involves ethnic factors</source>
        <translation>涉及民族因素</translation>
    </message>
    <message>
        <source>Add a party</source>
        <translation>添加当事人</translation>
    </message>
    <message>
        <source>Dispute: %1</source>
        <translation>纠纷：%1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>DisputeSteps</name>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Start mediation</source>
        <translation>开始调解</translation>
    </message>
    <message>
        <source>Record a session</source>
        <translation>登记调解会</translation>
    </message>
    <message>
        <source>Agreement reached</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>收回调解</translation>
    </message>
    <message>
        <source>Close unresolved</source>
        <translation>调解不成结案</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Record follow-up visit</source>
        <translation>登记回访</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Judicial confirmation</source>
        <translation>司法确认</translation>
    </message>
    <message>
        <source>Save agreement PDF</source>
        <translation>生成调解协议书</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Accept the dispute</source>
        <translation>受理纠纷</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Record a mediation session</source>
        <translation>登记调解会</translation>
    </message>
    <message>
        <source>Held at</source>
        <translation>调解时间</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>调解类型</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>调解方式</translation>
    </message>
    <message>
        <source>Mediators (comma between names)</source>
        <translation>调解人员（姓名之间用逗号分隔）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Terms of the agreement</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <source>Refer to another body</source>
        <translation>移交其他单位</translation>
    </message>
    <message>
        <source>Referred to</source>
        <translation>移交单位</translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>From track</source>
        <translation>原调解类型</translation>
    </message>
    <message>
        <source>To track</source>
        <translation>转入调解类型</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Take the dispute back</source>
        <translation>收回纠纷继续调解</translation>
    </message>
    <message>
        <source>Follow-up visit due %1</source>
        <translation>回访（应于%1前）</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Court applied to</source>
        <translation>受理法院</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Result (empty while pending)</source>
        <translation>确认结果（待确认时不选）</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>裁定日期</translation>
    </message>
    <message>
        <source>Name, pinyin, address or phone</source>
        <translation>姓名、拼音、住址或电话</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <source>Close the dispute</source>
        <translation>结案</translation>
    </message>
</context>
<context>
    <name>DisputesScreen</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Ethnic factors</source>
        <translation>民族因素</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>下次回访</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Occurred on</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>New dispute</source>
        <translation>新增纠纷</translation>
    </message>
    <message>
        <source>Save case file (PDF)</source>
        <translation>保存一案一卷（PDF）</translation>
    </message>
    <message>
        <source>One PDF with the registration, parties, sessions, agreement, follow-ups and every step</source>
        <translation>一个PDF文件：登记信息、当事人、调解经过、调解协议、回访、转办和每个办理环节</translation>
    </message>
    <message>
        <source>Printing the case file…</source>
        <translation>正在生成一案一卷…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Could not save the case file: %1</source>
        <translation>一案一卷保存失败：%1</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>移交%1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>due</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>情况描述</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>Involves ethnic factors</source>
        <translation>涉及民族因素</translation>
    </message>
    <message>
        <source>Judicial confirmation</source>
        <translation>司法确认</translation>
    </message>
    <message>
        <source>From screening</source>
        <translation>来自排查</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>办理经过</translation>
    </message>
    <message>
        <source>Mediation sessions</source>
        <translation>调解记录</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>applied to %1 on %2</source>
        <translation>%2 向%1申请</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>%1, screened on %2 by %3</source>
        <translation>%1矛盾纠纷排查（%2，%3）</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <source>Unsaved forms</source>
        <translation>未保存的表单</translation>
    </message>
    <message>
        <source>These forms were not saved when the app last closed:</source>
        <translation>上次关闭程序时，以下表单尚未保存：</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>稍后再说</translation>
    </message>
</context>
<context>
    <name>ExportsScreen</name>
    <message>
        <source>Work report</source>
        <translation>网格工作报告</translation>
    </message>
    <message>
        <source>%1 (Excel)</source>
        <translation>%1（Excel）</translation>
    </message>
    <message>
        <source>All my grids</source>
        <translation>我负责的全部网格</translation>
    </message>
    <message>
        <source>Days I choose</source>
        <translation>按日期自选</translation>
    </message>
    <message>
        <source>Full ID numbers (recorded in the audit history)</source>
        <translation>导出完整身份证号（将记入审计记录）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>What</source>
        <translation>导出内容</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Report period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>The period holding</source>
        <translation>报告期所在日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>File</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Exports with full ID numbers (audit history)</source>
        <translation>导出完整身份证号的审计记录</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>已取消，未生成文件。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>已导出 %1 / %2 行</translation>
    </message>
    <message>
        <source>Saved %1 (%2 rows)</source>
        <translation>已保存 %1（%2 行）</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Not exported.</source>
        <translation>未导出。</translation>
    </message>
    <message>
        <source>%1 (PDF)</source>
        <translation>%1（PDF）</translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <source>Finding</source>
        <translation>排查发现</translation>
    </message>
    <message>
        <source>Kind of dispute</source>
        <translation>纠纷类别</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>发现情况</translation>
    </message>
    <message>
        <source>Remove this finding</source>
        <translation>删除这条发现</translation>
    </message>
</context>
<context>
    <name>FirstAccountDialog</name>
    <message>
        <source>First start — create the administrator account</source>
        <translation>首次使用——创建管理员账户</translation>
    </message>
    <message>
        <source>User name (letters and digits)</source>
        <translation>用户名（字母和数字）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password (at least 8 characters)</source>
        <translation>密码（至少8个字符）</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Create the account</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <source>This account encrypts the records on this laptop. Workers&apos; accounts arrive from the regional server once the laptop is enrolled.</source>
        <translation>此账户用于加密本机上的记录。本机登记到区域服务器后，网格员的账户会自动同步到本机。</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>From the old household tags, to check: %1. Tick each group on its resident and save.</source>
        <translation>以下关爱对象由原住户标签迁移而来，请核实：%1。请在对应居民处勾选后保存。</translation>
    </message>
    <message>
        <source>Add a resident</source>
        <translation>添加居民</translation>
    </message>
    <message>
        <source>new household</source>
        <translation>新住户</translation>
    </message>
    <message>
        <source>Household: %1</source>
        <translation>住户：%1</translation>
    </message>
</context>
<context>
    <name>HouseholdsScreen</name>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Care groups</source>
        <translation>关爱对象</translation>
    </message>
    <message>
        <source>Care group</source>
        <translation>关爱对象</translation>
    </message>
    <message>
        <source>New household</source>
        <translation>新增住户</translation>
    </message>
    <message>
        <source>Move to another village…</source>
        <translation>转至其他嘎查村…</translation>
    </message>
    <message>
        <source>Moved: %1 records, now in %2.</source>
        <translation>已转移%1条记录，现属%2。</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Recent visits</source>
        <translation>最近走访</translation>
    </message>
</context>
<context>
    <name>IdNumberLine</name>
    <message>
        <source>Type again</source>
        <translation>重新填写</translation>
    </message>
</context>
<context>
    <name>ListScreen</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Search (Ctrl+F): name, pinyin, address, phone or ID tail</source>
        <translation>搜索（Ctrl+F）：姓名、拼音、住址、电话或证件号尾号</translation>
    </message>
    <message>
        <source>%1 (Ctrl+N)</source>
        <translation>%1（Ctrl+N）</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — Tongxin Grid</source>
        <translation>登录——同心网格</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Locked after a while without use. Type the password to go on.</source>
        <translation>长时间未操作，已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <source>Wait %1 s</source>
        <translation>请等待 %1 秒</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tongxin Grid</source>
        <translation>同心网格</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>纠纷</translation>
    </message>
    <message>
        <source>Volunteering</source>
        <translation>志愿服务</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突处理</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>数据看板</translation>
    </message>
    <message>
        <source>Ledgers</source>
        <translation>台账导出</translation>
    </message>
    <message>
        <source>Service items</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Patrols</source>
        <translation>巡查</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>矛盾纠纷排查</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>议事</translation>
    </message>
</context>
<context>
    <name>MeetingForm</name>
    <message>
        <source>Deliberation meeting</source>
        <translation>议事会议</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Kind of meeting</source>
        <translation>会议类型</translation>
    </message>
    <message>
        <source>Held at</source>
        <translation>召开时间</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主持人</translation>
    </message>
    <message>
        <source>Attendees (names)</source>
        <translation>参会人（姓名）</translation>
    </message>
    <message>
        <source>Names separated by 、 or commas</source>
        <translation>多个姓名用顿号或逗号隔开</translation>
    </message>
    <message>
        <source>Residents attending</source>
        <translation>参会居民</translation>
    </message>
    <message>
        <source>%1 picked: %2</source>
        <translation>%1人：%2</translation>
    </message>
    <message>
        <source>Add a resident</source>
        <translation>添加参会居民</translation>
    </message>
    <message>
        <source>Head-count</source>
        <translation>到会人数</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>议题</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>议定事项</translation>
    </message>
    <message>
        <source>Follow-up owner</source>
        <translation>落实责任人</translation>
    </message>
    <message>
        <source>Meeting: %1</source>
        <translation>议事：%1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>MeetingsScreen</name>
    <message>
        <source>Held at</source>
        <translation>召开时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主持人</translation>
    </message>
    <message>
        <source>Came</source>
        <translation>到会</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>议题</translation>
    </message>
    <message>
        <source>New meeting</source>
        <translation>新建议事记录</translation>
    </message>
    <message>
        <source>Head-count</source>
        <translation>到会人数</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>参会人</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>议定事项</translation>
    </message>
    <message>
        <source>Follow-up owner</source>
        <translation>落实责任人</translation>
    </message>
</context>
<context>
    <name>MovesBox</name>
    <message>
        <source>Handling</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>e.g. township government service centre</source>
        <translation>如：苏木乡镇政务服务中心</translation>
    </message>
    <message>
        <source>What happened on the visit</source>
        <translation>本次走访情况</translation>
    </message>
    <message>
        <source>Start handling</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>Escalated to</source>
        <translation>上报给</translation>
    </message>
    <message>
        <source>Escalate to the township</source>
        <translation>上报乡镇</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Close as done</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>群众满意度</translation>
    </message>
    <message>
        <source>Closing visit</source>
        <translation>办结走访</translation>
    </message>
    <message>
        <source>Why not</source>
        <translation>无法办理的原因</translation>
    </message>
    <message>
        <source>Cannot be done</source>
        <translation>无法办理</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>当前：%1</translation>
    </message>
    <message>
        <source>escalated to %1</source>
        <translation>上报至%1</translation>
    </message>
</context>
<context>
    <name>ParticipantRow</name>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Listed twice</source>
        <translation>重复</translation>
    </message>
</context>
<context>
    <name>MemberEditor</name>
    <message>
        <source>While this form was open, a sync changed %1 of %2 too. The form still shows what you typed; check it, then save again to keep yours.</source>
        <translation>此表单打开期间，同步也更新了%2的%1。表单里仍是您输入的内容；请核对，再保存即以您的为准。</translation>
    </message>
</context>
<context>
    <name>PartyEditor</name>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>From the registry</source>
        <translation>从居民中选择</translation>
    </message>
    <message>
        <source>Optional: type a resident&apos;s name</source>
        <translation>可选：输入居民姓名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Remove this party</source>
        <translation>移除此当事人</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password (at least 8 characters)</source>
        <translation>新密码（至少8个字符）</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
</context>
<context>
    <name>PatrolForm</name>
    <message>
        <source>Patrol log</source>
        <translation>巡查日志</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Route or places</source>
        <translation>巡查路线或地点</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>巡查发现</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>An incident found on this patrol (leave the type empty if none)</source>
        <translation>巡查中发现的事件（没有则不选类型）</translation>
    </message>
    <message>
        <source>Incident type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>事件地点</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事件经过</translation>
    </message>
    <message>
        <source>Patrol: %1</source>
        <translation>巡查：%1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>PatrolsScreen</name>
    <message>
        <source>Started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Route or places</source>
        <translation>巡查路线或地点</translation>
    </message>
    <message>
        <source>Patroller</source>
        <translation>巡查人</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <source>New patrol</source>
        <translation>新增巡查</translation>
    </message>
    <message>
        <source>escalated to the township %1</source>
        <translation>%1已上报乡镇</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>巡查发现</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Escalate to the township</source>
        <translation>上报乡镇</translation>
    </message>
</context>
<context>
    <name>PhotoList</name>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png)</source>
        <translation>照片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 张照片</translation>
    </message>
</context>
<context>
    <name>PickedHouseholds</name>
    <message>
        <source>%1 households: %2</source>
        <translation>%1户：%2</translation>
    </message>
    <message>
        <source>Add a household</source>
        <translation>添加住户</translation>
    </message>
</context>
<context>
    <name>PickedRecords</name>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>While this form was open, a sync changed %1 too. The form still shows what you typed; check it, then save again to keep yours.</source>
        <translation>此表单打开期间，同步也更新了%1。表单里仍是您输入的内容；请核对，再保存即以您的为准。</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters.</source>
        <translation>内容过长：最多%1个字。</translation>
    </message>
    <message>
        <source>Not a valid value.</source>
        <translation>填写的内容无效。</translation>
    </message>
    <message>
        <source>Still to fill in: %1</source>
        <translation>还需填写：%1</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <source>What you typed in this form has not been saved. Discard it?</source>
        <translation>此表单中填写的内容尚未保存，确定要放弃吗？</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;I)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Pick one from the list (Enter or a click): typing a name is not enough.</source>
        <translation>请从列表中选择（回车或点选）：只输入名字还不够。</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>%1年生</translation>
    </message>
    <message>
        <source>ID ending %1</source>
        <translation>身份证尾号%1</translation>
    </message>
</context>
<context>
    <name>ResidentEditor</name>
    <message>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Ethnic group</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Lives</source>
        <translation>居住状态</translation>
    </message>
    <message>
        <source>Place of household registration</source>
        <translation>户籍地</translation>
    </message>
    <message>
        <source>Arrived on</source>
        <translation>到达日期</translation>
    </message>
    <message>
        <source>Why they came</source>
        <translation>来本地事由</translation>
    </message>
    <message>
        <source>Residence permit no.</source>
        <translation>居住证号</translation>
    </message>
    <message>
        <source>Permit expires</source>
        <translation>居住证有效期至</translation>
    </message>
    <message>
        <source>Care groups</source>
        <translation>关爱对象类别</translation>
    </message>
    <message>
        <source>Joined the household by</source>
        <translation>入户方式</translation>
    </message>
    <message>
        <source>Moved in or born on</source>
        <translation>迁入或出生日期</translation>
    </message>
    <message>
        <source>Moved in from</source>
        <translation>从何处迁入</translation>
    </message>
    <message>
        <source>On the register</source>
        <translation>在册状态</translation>
    </message>
    <message>
        <source>Moved out or died on</source>
        <translation>迁出或去世日期</translation>
    </message>
    <message>
        <source>Moved to</source>
        <translation>迁往</translation>
    </message>
    <message>
        <source>The date cannot be later than today.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <source>Give the date of birth.</source>
        <translation>请填写出生日期。</translation>
    </message>
    <message>
        <source>A birth is on the birth date above (%1).</source>
        <translation>应与出生日期（%1）一致。</translation>
    </message>
    <message>
        <source>Remove this resident</source>
        <translation>移除此居民</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Volunteer activity</source>
        <translation>志愿服务</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Routine visits reviewed by sample; disputes, activities and visits with a service item are always reviewed.</source>
        <translation>日常走访按比例抽查审核；矛盾纠纷、志愿活动和带服务事项的走访始终全部审核。</translation>
    </message>
    <message>
        <source>Set sample</source>
        <translation>设置抽查比例</translation>
    </message>
    <message>
        <source>Routine visits reviewed by sample</source>
        <translation>日常走访抽查比例</translation>
    </message>
    <message>
        <source>Comment (required when returning: say what to fix)</source>
        <translation>审核意见（退回时必填：写明需要修改的内容）</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Return to worker</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>%1 waiting for review</source>
        <translation>%1 条待审核</translation>
    </message>
    <message>
        <source> (routine visits: a %1% sample; disputes and service items: all)</source>
        <translation>（日常走访抽查 %1%；矛盾纠纷和服务事项全部审核）</translation>
    </message>
</context>
<context>
    <name>ReviewSection</name>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Returned by %1:</source>
        <translation>%1 退回：</translation>
    </message>
    <message>
        <source>Fix the record and save it to submit it again.</source>
        <translation>请修改记录后保存，即重新提交审核。</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>审核记录</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import volunteer roster</source>
        <translation>导入志愿者花名册</translation>
    </message>
    <message>
        <source>An Excel file (.xlsx) with a 姓名 column</source>
        <translation>含“姓名”列的Excel文件（.xlsx）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Nothing is saved until you press Import.</source>
        <translation>按“导入”之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存检查结果…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a roster</source>
        <translation>选择花名册</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Check cancelled; nothing was saved.</source>
        <translation>已取消检查，未保存任何内容。</translation>
    </message>
    <message>
        <source>%1 rows read: %2 can be imported, %3 have problems. Nothing is saved yet.</source>
        <translation>共读取%1行：%2行可以导入，%3行有问题。尚未保存任何内容。</translation>
    </message>
    <message>
        <source>Import %1 good rows</source>
        <translation>导入%1行有效数据</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>检查结果另存为</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>检查结果已保存：%1</translation>
    </message>
    <message>
        <source>Saving the report…</source>
        <translation>正在保存检查结果…</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was saved.</source>
        <translation>已取消导入，未保存任何内容。</translation>
    </message>
    <message>
        <source>Imported %1 volunteers; the %2 rows listed below were not imported.</source>
        <translation>已导入%1名志愿者；下面列出的%2行未导入。</translation>
    </message>
    <message>
        <source>Nothing was saved.</source>
        <translation>未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>ScreeningForm</name>
    <message>
        <source>Dispute screening</source>
        <translation>矛盾纠纷排查</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Month screened</source>
        <translation>排查月份</translation>
    </message>
    <message>
        <source>Screened on</source>
        <translation>排查日期</translation>
    </message>
    <message>
        <source>Households covered</source>
        <translation>覆盖住户</translation>
    </message>
    <message>
        <source>Places covered</source>
        <translation>覆盖地点</translation>
    </message>
    <message>
        <source>Nil report</source>
        <translation>零报告</translation>
    </message>
    <message>
        <source>No dispute found in this period (零报告)</source>
        <translation>本期未发现矛盾纠纷（零报告）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Add a finding</source>
        <translation>添加排查发现</translation>
    </message>
    <message>
        <source>Screening: %1</source>
        <translation>排查：%1</translation>
    </message>
</context>
<context>
    <name>ScreeningScreen</name>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Screened on</source>
        <translation>排查日期</translation>
    </message>
    <message>
        <source>Screener</source>
        <translation>排查人</translation>
    </message>
    <message>
        <source>Nil report</source>
        <translation>零报告</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>排查发现</translation>
    </message>
    <message>
        <source>Turned into records</source>
        <translation>已转办</translation>
    </message>
    <message>
        <source>Places covered</source>
        <translation>覆盖地点</translation>
    </message>
    <message>
        <source>New screening</source>
        <translation>新建排查</translation>
    </message>
    <message>
        <source>File a nil report</source>
        <translation>报零报告</translation>
    </message>
    <message>
        <source>No dispute found this month (零报告)</source>
        <translation>本月未发现矛盾纠纷（零报告）</translation>
    </message>
    <message>
        <source>→ dispute “%1” (%2)</source>
        <translation>→ 纠纷“%1”（%2）</translation>
    </message>
    <message>
        <source>→ incident: %1 (%2)</source>
        <translation>→ 事件：%1（%2）</translation>
    </message>
    <message>
        <source>dispute screening</source>
        <translation>矛盾纠纷排查</translation>
    </message>
    <message>
        <source>No dispute found in this period</source>
        <translation>本期未发现矛盾纠纷</translation>
    </message>
    <message>
        <source>Households covered</source>
        <translation>覆盖住户</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Turn into a dispute</source>
        <translation>转为纠纷</translation>
    </message>
    <message>
        <source>Report as an incident</source>
        <translation>转为事件上报</translation>
    </message>
    <message>
        <source>Withdraw the nil report</source>
        <translation>撤回零报告</translation>
    </message>
    <message>
        <source>Filed by mistake: take it back, then file the findings</source>
        <translation>误报时撤回，再登记排查发现</translation>
    </message>
    <message>
        <source>Not yet reported for %1 (%2): %3</source>
        <translation>%1尚未上报的网格（%2）：%3</translation>
    </message>
    <message>
        <source>Every village has reported for %1.</source>
        <translation>%1各网格均已上报。</translation>
    </message>
    <message>
        <source>Both a nil report and findings (filed on two devices while offline): %1. Check with the workers, then withdraw the nil report.</source>
        <translation>以下网格同期既有零报告又有排查发现（两台设备离线时分别上报）：%1。请与网格员核实后撤回零报告。</translation>
    </message>
    <message>
        <source>The month the notice is about</source>
        <translation>提示所针对的月份</translation>
    </message>
    <message>
        <source>Turned into both a dispute and an incident (on two devices while offline): %1. Check with the workers, then delete the one not needed.</source>
        <translation>以下排查发现既转为纠纷又转为事件（两台设备离线时分别操作）：%1。请与网格员核实后删除多余的一条。</translation>
    </message>
</context>
<context>
    <name>ServiceItemForm</name>
    <message>
        <source>Service item</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Name, pinyin, address or phone</source>
        <translation>姓名、拼音、地址或电话</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>For resident</source>
        <translation>服务对象</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>办理方式</translation>
    </message>
    <message>
        <source>What is needed</source>
        <translation>群众诉求</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>no household yet</source>
        <translation>尚未选择住户</translation>
    </message>
    <message>
        <source>Service item: %1</source>
        <translation>服务事项：%1</translation>
    </message>
</context>
<context>
    <name>ServiceItemsScreen</name>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>For</source>
        <translation>服务对象</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>办理方式</translation>
    </message>
    <message>
        <source>State</source>
        <translation>办理状态</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>群众满意度</translation>
    </message>
    <message>
        <source>What is needed</source>
        <translation>群众诉求</translation>
    </message>
    <message>
        <source>New service item</source>
        <translation>新增服务事项</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Escalated to</source>
        <translation>上报给</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>办理结果</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>About Tongxin Grid</source>
        <translation>关于同心网格</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>字体大小</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>Accounts on this laptop</source>
        <translation>本机账户</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Add an account…</source>
        <translation>添加账户…</translation>
    </message>
    <message>
        <source>Tongxin Grid %1
Records of grid work for villages and pastoral areas.</source>
        <translation>同心网格 %1
嘎查村与牧区网格工作记录。</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+0: go to a screen · Ctrl+N: new record · Ctrl+F: search · Enter: open · Ctrl+S: save · Esc: close a form · F4: calendar</source>
        <translation>Ctrl+1 … Ctrl+0：切换页面 · Ctrl+N：新建记录 · Ctrl+F：搜索 · Enter：打开 · Ctrl+S：保存 · Esc：关闭表单 · F4：日历</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>键盘</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Shown now, until you decide</source>
        <translation>当前显示此值，待您决定</translation>
    </message>
    <message>
        <source>Keep this value</source>
        <translation>保留此值</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>StickPanel</name>
    <message>
        <source>Sync by USB stick (no network)</source>
        <translation>U盘同步（没有网络时）</translation>
    </message>
    <message>
        <source>Export writes this laptop&apos;s unsent changes and photos to the stick. At the township office they are imported into the server, which writes a reply beside them; bring the stick back and import the reply.</source>
        <translation>导出会把本机未发送的修改和照片写到U盘上。在乡镇办公室把它导入服务器后，服务器会在旁边写一个回复包；把U盘带回来，再导入回复包。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Export sync bundle</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <source>Import sync bundle</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <source>Stick or folder</source>
        <translation>U盘或文件夹</translation>
    </message>
    <message>
        <source>Bundle No. %1 written, waiting for its reply.</source>
        <translation>已写入第 %1 号同步包，等待回复。</translation>
    </message>
    <message>
        <source>Bundle No. %1 written, waiting for its reply (last reply imported: No. %2).</source>
        <translation>已写入第 %1 号同步包，等待回复（上次导入的回复：第 %2 号）。</translation>
    </message>
    <message>
        <source>Bundle No. %1 written and its reply imported.</source>
        <translation>第 %1 号同步包已写入，回复已导入。</translation>
    </message>
    <message>
        <source>Where is the USB stick?</source>
        <translation>U盘在哪里？</translation>
    </message>
    <message>
        <source>This folder does not exist: plug in the stick or choose a folder.</source>
        <translation>这个文件夹不存在：请插入U盘或选择一个文件夹。</translation>
    </message>
    <message>
        <source>Cancelled: no sync bundle was written.</source>
        <translation>已取消：没有写入同步包。</translation>
    </message>
    <message>
        <source>Reply imported: %1 changes received, %2 of this laptop&apos;s changes confirmed.</source>
        <translation>已导入回复包：收到 %1 条修改，服务器确认了本机的 %2 条修改。</translation>
    </message>
    <message>
        <source>Forwarded %1 village bundles to the server; their replies are on the stick.</source>
        <translation>已把 %1 个村里的同步包转交服务器，回复包已写在U盘上。</translation>
    </message>
    <message>
        <source>Sync bundle written: %1. At the township it is imported and a reply is written beside it.</source>
        <translation>同步包已写入：%1。在乡镇导入后，回复包会写在它旁边。</translation>
    </message>
    <message>
        <source>Cancelled: what was read so far is kept.</source>
        <translation>已取消：已读入的内容会保留。</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>%1 days</source>
        <translation>%1天</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock is about %1 behind the server&apos;s. Set the date and time right: with a slow clock, a later change can lose to an earlier one from another laptop.</source>
        <translation>本机时钟比服务器慢了约%1。请校准日期和时间：时钟慢了，您后改的内容可能输给别的电脑先改的内容。</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock is about %1 ahead of the server&apos;s. Set the date and time right: the server corrects its changes, but times shown here are off.</source>
        <translation>本机时钟比服务器快了约%1。请校准日期和时间：服务器会纠正它的修改时间，但本机显示的时间不准。</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>最近的问题</translation>
    </message>
    <message>
        <source>Needs your attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <source>Received but not applied, or to be checked</source>
        <translation>已收到但未能应用，或需要核对的记录</translation>
    </message>
    <message>
        <source>Enroll this laptop with the server</source>
        <translation>将本机登记到服务器</translation>
    </message>
    <message>
        <source>Enroll</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性登记码</translation>
    </message>
    <message>
        <source>Only an administrator enrolls this laptop.</source>
        <translation>只有管理员可以将本机登记到服务器。</translation>
    </message>
    <message>
        <source>%1 changes were refused by the server: see below.</source>
        <translation>%1 条修改被服务器拒收，详见下方。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>%1 changes were refused by the server</source>
        <translation>%1 条修改被服务器拒收</translation>
    </message>
    <message>
        <source>the whole new record</source>
        <translation>整条新记录</translation>
    </message>
    <message>
        <source>%1 — %2: %3
What to do: %4</source>
        <translation>%1 — %2：%3
处理办法：%4</translation>
    </message>
    <message>
        <source>Not applied: %1 — %2</source>
        <translation>未能应用：%1 — %2</translation>
    </message>
    <message>
        <source>To check: %1 — %2</source>
        <translation>需要核对：%1 — %2</translation>
    </message>
    <message>
        <source>Discard refused changes</source>
        <translation>放弃被拒收的修改</translation>
    </message>
    <message>
        <source>Discard these changes? This laptop takes the server&apos;s values instead, and a record the server never accepted disappears from this laptop. This cannot be undone.</source>
        <translation>确定放弃这些修改吗？本机将改用服务器上的内容；服务器从未接收的记录将从本机删除。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Sent %1 changes, received %2; %3 up, %4 down</source>
        <translation>已发送 %1 条修改，已接收 %2 条；上传 %3，下载 %4</translation>
    </message>
    <message>
        <source>Enter the server address and the one-time code.</source>
        <translation>请填写服务器地址和一次性登记码。</translation>
    </message>
    <message>
        <source>Enrolled for grids: %1</source>
        <translation>已登记，负责网格：%1</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>As printed: any case, dashes and spaces allowed</source>
        <translation>照纸上的抄：大小写均可，可带短横线和空格</translation>
    </message>
    <message>
        <source>Sync bundle: %1 changes, %2 photos, %3 of %4 written</source>
        <translation>同步包：%1 条修改，%2 张照片，已写入 %3 / %4</translation>
    </message>
    <message>
        <source>Reply bundle (%3 of %4): %1 changes received, %2 confirmed</source>
        <translation>回复包（%3 / %4）：收到 %1 条修改，确认 %2 条</translation>
    </message>
    <message>
        <source>Enrolled. Its grids are named here after the first sync.</source>
        <translation>已登记。首次同步后，这里会列出本机负责的网格。</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>No server set</source>
        <translation>未设置服务器</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) to sync</source>
        <translation>
            <numerusform>%n 条记录待同步</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>%1 changes refused by the server</source>
        <translation>%1 条修改被服务器拒收</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
</context>
<context>
    <name>TeamForm</name>
    <message>
        <source>Volunteer team</source>
        <translation>志愿服务队</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>服务队名称</translation>
    </message>
    <message>
        <source>What the team does</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>服务队：%1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Move a household to another village</source>
        <translation>将住户转至其他嘎查村</translation>
    </message>
    <message>
        <source>%1 (%2), now in %3. Its residents, visits, the disputes only its people are party to (with their follow-ups and photos) and their reviews move with it; its history stays readable. Laptops of %3 let go of it at their next sync.</source>
        <translation>%1（%2），现属%3。其家庭成员、走访记录、仅涉及本户成员的纠纷（含回访安排和照片）及审核意见将一并转移，历史记录仍可查阅。%3的电脑在下次同步后将不再保留这些记录。</translation>
    </message>
    <message>
        <source>Choose a village…</source>
        <translation>选择嘎查村…</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Move the household</source>
        <translation>转移住户</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Name, pinyin, address or phone</source>
        <translation>姓名、拼音、住址或电话</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <source>Kind of visit</source>
        <translation>走访类型</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>群众需求</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <source>Follow up by</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Register a service item for this household after saving</source>
        <translation>保存后为本户登记服务事项</translation>
    </message>
    <message>
        <source>no household yet</source>
        <translation>未选择住户</translation>
    </message>
    <message>
        <source>Visit: %1</source>
        <translation>走访：%1</translation>
    </message>
</context>
<context>
    <name>VisitsScreen</name>
    <message>
        <source>Visited at</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Follow up by</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新增走访</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>群众需求</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>VolunteerForm</name>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>From the residents</source>
        <translation>从居民中选择</translation>
    </message>
    <message>
        <source>Type a resident&apos;s name, or leave empty</source>
        <translation>输入居民姓名；非本网格居民请留空</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active: offered for new activities</source>
        <translation>在册：可参加新的活动</translation>
    </message>
    <message>
        <source>Volunteer: %1</source>
        <translation>志愿者：%1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>The same resident is registered twice: merge the two in the volunteer list.</source>
        <translation>同一居民登记了两次：请在志愿者名单中把两条登记合并。</translation>
    </message>
</context>
<context>
    <name>VolunteersScreen</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在册</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>New volunteer</source>
        <translation>新登记志愿者</translation>
    </message>
    <message>
        <source>Resident of the registry (%1)</source>
        <translation>本网格居民（%1）</translation>
    </message>
    <message>
        <source>Outside person</source>
        <translation>非登记居民</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Total hours</source>
        <translation>累计服务时长</translation>
    </message>
    <message>
        <source>Activities and hours</source>
        <translation>参加的活动与时长</translation>
    </message>
    <message>
        <source>Mark inactive</source>
        <translation>标记为停用</translation>
    </message>
    <message>
        <source>Mark active again</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>%1, registered %2, %3 h</source>
        <translation>%1，%2登记，%3 小时</translation>
    </message>
    <message>
        <source>Registered twice</source>
        <translation>重复登记</translation>
    </message>
    <message>
        <source>The same resident is registered twice</source>
        <translation>同一居民登记了两次</translation>
    </message>
    <message>
        <source>The other registration</source>
        <translation>另一条登记</translation>
    </message>
    <message>
        <source>Merge the other registration into this one</source>
        <translation>把另一条登记合并到这一条</translation>
    </message>
</context>
<context>
    <name>WorkbenchScreen</name>
    <message>
        <source>New household</source>
        <translation>新增住户</translation>
    </message>
    <message>
        <source>New dispute</source>
        <translation>新增纠纷</translation>
    </message>
    <message>
        <source>Not yet visited this period (by group); overdue: nor the period before.</source>
        <translation>本期（按对象类别）尚未走访；逾期：上期也未走访。</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Nothing due in the next 7 days.</source>
        <translation>未来7天没有到期的回访。</translation>
    </message>
    <message>
        <source>No open major-risk disputes.</source>
        <translation>没有未办结的重大风险纠纷。</translation>
    </message>
    <message>
        <source>Nothing returned.</source>
        <translation>没有被退回的记录。</translation>
    </message>
    <message>
        <source>Sync…</source>
        <translation>去同步…</translation>
    </message>
    <message>
        <source>New visit (Ctrl+N)</source>
        <translation>新增走访（Ctrl+N）</translation>
    </message>
    <message>
        <source>Nothing recorded in the last 7 days.</source>
        <translation>最近 7 天没有新记录。</translation>
    </message>
    <message>
        <source>Everyone in a care group has been visited.</source>
        <translation>关爱对象本期均已走访。</translation>
    </message>
    <message>
        <source>No service items due.</source>
        <translation>没有到期的服务事项。</translation>
    </message>
    <message>
        <source>Open service items due within 7 days; overdue: past their due date.</source>
        <translation>7天内到期、尚未办结的服务事项；逾期：已超过办理时限。</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>纠纷</translation>
    </message>
    <message>
        <source>Volunteer activity</source>
        <translation>志愿活动</translation>
    </message>
    <message>
        <source>Dispute follow-up</source>
        <translation>纠纷回访</translation>
    </message>
    <message>
        <source>Return visit</source>
        <translation>住户回访</translation>
    </message>
    <message>
        <source>Hello, %1 · %2</source>
        <translation>您好，%1 · %2</translation>
    </message>
    <message>
        <source>Follow-ups due (%1, %2 overdue)</source>
        <translation>待回访（%1，其中逾期 %2）</translation>
    </message>
    <message>
        <source>Follow-ups due (%1)</source>
        <translation>待回访（%1）</translation>
    </message>
    <message>
        <source>Returned to me (%1)</source>
        <translation>退回待修改（%1）</translation>
    </message>
    <message>
        <source>Major-risk disputes (%1)</source>
        <translation>重大风险纠纷（%1）</translation>
    </message>
    <message>
        <source>Recorded in the last 7 days (%1)</source>
        <translation>最近 7 天的记录（%1）</translation>
    </message>
    <message>
        <source>Care visits due this period (%1)</source>
        <translation>本期应关爱走访（%1）</translation>
    </message>
    <message>
        <source>Service items due (%1)</source>
        <translation>到期服务事项（%1）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restored the backup of %1 and checked it.</source>
        <translation>已恢复 %1 的备份并核对无误。</translation>
    </message>
    <message>
        <source>Demo: every account&apos;s password is %1</source>
        <translation>演示版：所有账户的密码均为 %1</translation>
    </message>
</context>
</TS>
