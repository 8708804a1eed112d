<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActivitiesScreen</name>
    <message>
        <source>New team…</source>
        <translation>New team…</translation>
    </message>
    <message>
        <source>Import volunteer roster…</source>
        <translation>Import volunteer roster…</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>New activity</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>Participants (人次)</source>
        <translation>Participants (人次)</translation>
    </message>
    <message>
        <source>Beneficiaries</source>
        <translation>Beneficiaries</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Volunteers and hours</source>
        <translation>Volunteers and hours</translation>
    </message>
    <message>
        <source>Households served</source>
        <translation>Households served</translation>
    </message>
</context>
<context>
    <name>ActivityForm</name>
    <message>
        <source>Volunteer activity</source>
        <translation>Volunteer activity</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Participants (人次)</source>
        <translation>Participants (人次)</translation>
    </message>
    <message>
        <source>Beneficiaries</source>
        <translation>Beneficiaries</translation>
    </message>
    <message>
        <source>Households served</source>
        <translation>Households served</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Add a volunteer: type a name</source>
        <translation>Add a volunteer: type a name</translation>
    </message>
    <message>
        <source>Volunteers and hours</source>
        <translation>Volunteers and hours</translation>
    </message>
    <message>
        <source>Activity: %1</source>
        <translation>Activity: %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
    <message>
        <source>%1 listed more than once (two computers each added them): remove the extra rows.</source>
        <translation>%1 listed more than once (two computers each added them): remove the extra rows.</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add an account on this laptop</source>
        <translation>Add an account on this laptop</translation>
    </message>
    <message>
        <source>Accounts from the regional server arrive by themselves with each sync.</source>
        <translation>Accounts from the regional server arrive by themselves with each sync.</translation>
    </message>
    <message>
        <source>Add the account</source>
        <translation>Add the account</translation>
    </message>
    <message>
        <source>User name (letters and digits)</source>
        <translation>User name (letters and digits)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Password (at least 8 characters)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Password again</translation>
    </message>
    <message>
        <source>Your own password, to confirm</source>
        <translation>Your own password, to confirm</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Find archived records on the server</source>
        <translation>Find archived records on the server</translation>
    </message>
    <message>
        <source>A name, a title, words of a summary</source>
        <translation>A name, a title, words of a summary</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Bring back to this laptop</source>
        <translation>Bring back to this laptop</translation>
    </message>
    <message>
        <source>Could not reach the server: %1</source>
        <translation>Could not reach the server: %1</translation>
    </message>
    <message>
        <source>%1 found</source>
        <translation>%1 found</translation>
    </message>
    <message>
        <source>Brought back %1 records to this laptop.</source>
        <translation>Brought back %1 records to this laptop.</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>No records yet</source>
        <translation>No records yet</translation>
    </message>
</context>
<context>
    <name>CardBox</name>
    <message>
        <source>All %1…</source>
        <translation>All %1…</translation>
    </message>
</context>
<context>
    <name>ConflictsScreen</name>
    <message>
        <source>Value the server had</source>
        <translation>Value the server had</translation>
    </message>
    <message>
        <source>Value sent later by another laptop</source>
        <translation>Value sent later by another laptop</translation>
    </message>
    <message>
        <source>Keep the value above</source>
        <translation>Keep the value above</translation>
    </message>
    <message>
        <source>Or write the value to keep</source>
        <translation>Or write the value to keep</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>No open conflicts.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <source>Review decision</source>
        <translation>Review decision</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>Review state</translation>
    </message>
    <message>
        <source>Write the value to keep, or keep one of the two above.</source>
        <translation>Write the value to keep, or keep one of the two above.</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>Visits in the period</source>
        <translation>Visits in the period</translation>
    </message>
    <message>
        <source>Visits made in the chosen period in your grids.</source>
        <translation>Visits made in the chosen period in your grids.</translation>
    </message>
    <message>
        <source>Households visited in 90 days</source>
        <translation>Households visited in 90 days</translation>
    </message>
    <message>
        <source>Share of your grids&apos; households visited at least once in the last 90 days.</source>
        <translation>Share of your grids&apos; households visited at least once in the last 90 days.</translation>
    </message>
    <message>
        <source>Disputes resolved by mediation</source>
        <translation>Disputes resolved by mediation</translation>
    </message>
    <message>
        <source>Agreements reached, of the disputes whose mediation has ended.</source>
        <translation>Agreements reached, of the disputes whose mediation has ended.</translation>
    </message>
    <message>
        <source>Overdue follow-ups</source>
        <translation>Overdue follow-ups</translation>
    </message>
    <message>
        <source>Open major-risk disputes</source>
        <translation>Open major-risk disputes</translation>
    </message>
    <message>
        <source>Volunteer hours, 6 months</source>
        <translation>Volunteer hours, 6 months</translation>
    </message>
    <message>
        <source>Hours served in your grids&apos; activities in the last six months.</source>
        <translation>Hours served in your grids&apos; activities in the last six months.</translation>
    </message>
    <message>
        <source>Service items done</source>
        <translation>Service items done</translation>
    </message>
    <message>
        <source>Completion rate: items done, of all registered in your grids.</source>
        <translation>Completion rate: items done, of all registered in your grids.</translation>
    </message>
    <message>
        <source>Residents satisfied</source>
        <translation>Residents satisfied</translation>
    </message>
    <message>
        <source>Satisfaction rate: rated satisfied or fairly satisfied, of the items done and rated.</source>
        <translation>Satisfaction rate: rated satisfied or fairly satisfied, of the items done and rated.</translation>
    </message>
    <message>
        <source>Service items overdue</source>
        <translation>Service items overdue</translation>
    </message>
    <message>
        <source>Open service items past their due date.</source>
        <translation>Open service items past their due date.</translation>
    </message>
    <message>
        <source>Visits in the period by grid</source>
        <translation>Visits in the period by grid</translation>
    </message>
    <message>
        <source>Activities by type in the period (sessions/participants)</source>
        <translation>Activities by type in the period (sessions/participants)</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Figures for %1 (%2)</source>
        <translation>Figures for %1 (%2)</translation>
    </message>
    <message>
        <source>Disputes by category</source>
        <translation>Disputes by category</translation>
    </message>
    <message>
        <source>Disputes by status</source>
        <translation>Disputes by status</translation>
    </message>
    <message>
        <source>Volunteer hours by month and team</source>
        <translation>Volunteer hours by month and team</translation>
    </message>
    <message>
        <source>Care groups visited this period (visited ÷ members)</source>
        <translation>Care groups visited this period (visited ÷ members)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>DataBox</name>
    <message>
        <source>Data and backups</source>
        <translation>Data and backups</translation>
    </message>
    <message>
        <source>Measuring the database…</source>
        <translation>Measuring the database…</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Archive now</source>
        <translation>Archive now</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>Back up now…</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>Restore a backup…</translation>
    </message>
    <message>
        <source>Find archived records…</source>
        <translation>Find archived records…</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Archive records finished more than</source>
        <translation>Archive records finished more than</translation>
    </message>
    <message>
        <source>Could not do it: %1</source>
        <translation>Could not do it: %1</translation>
    </message>
    <message>
        <source>%1 · archiving would free about %2 (%3 records)</source>
        <translation>%1 · archiving would free about %2 (%3 records)</translation>
    </message>
    <message>
        <source>Finished records the server already holds leave this laptop; you can bring any of them back from the server when online. Archive now?</source>
        <translation>Finished records the server already holds leave this laptop; you can bring any of them back from the server when online. Archive now?</translation>
    </message>
    <message>
        <source>Archived %1 records; the database went from %2 to %3.</source>
        <translation>Archived %1 records; the database went from %2 to %3.</translation>
    </message>
    <message>
        <source>Back up to which folder?</source>
        <translation>Back up to which folder?</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>Backed up to %1</translation>
    </message>
    <message>
        <source>Restore which backup?</source>
        <translation>Restore which backup?</translation>
    </message>
    <message>
        <source>Tongxin backups (*%1)</source>
        <translation>Tongxin backups (*%1)</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Restore a backup</translation>
    </message>
    <message>
        <source>Your password, to restore:</source>
        <translation>Your password, to restore:</translation>
    </message>
    <message>
        <source>The backup of %1 is checked. Close Tongxin and start it again: it is restored before it opens, and the current database is kept aside.</source>
        <translation>The backup of %1 is checked. Close Tongxin and start it again: it is restored before it opens, and the current database is kept aside.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Type the day (2026-12-15); F4 or Alt+Down opens the calendar</source>
        <translation>Type the day (2026-12-15); F4 or Alt+Down opens the calendar</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>yyyy-mm-dd</translation>
    </message>
</context>
<context>
    <name>Definitions</name>
    <message>
        <source>Overdue: dispute follow-ups and return visits (asked for in the last 90 days) whose date has passed and that are not yet made, in your grids.</source>
        <translation>Overdue: dispute follow-ups and return visits (asked for in the last 90 days) whose date has passed and that are not yet made, in your grids.</translation>
    </message>
    <message>
        <source>Major-risk disputes of your grids not yet closed.</source>
        <translation>Major-risk disputes of your grids not yet closed.</translation>
    </message>
</context>
<context>
    <name>DisputeForm</name>
    <message>
        <source>Dispute</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>Occurred on</source>
        <translation>Occurred on</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Ethnic factors</source>
        <translation>Ethnic factors</translation>
    </message>
    <message>
        <source>Involves ethnic factors</source>
        <translation>Involves ethnic factors</translation>
    </message>
    <message>
        <source>Add a party</source>
        <translation>Add a party</translation>
    </message>
    <message>
        <source>Dispute: %1</source>
        <translation>Dispute: %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
</context>
<context>
    <name>DisputeSteps</name>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Start mediation</source>
        <translation>Start mediation</translation>
    </message>
    <message>
        <source>Record a session</source>
        <translation>Record a session</translation>
    </message>
    <message>
        <source>Agreement reached</source>
        <translation>Agreement reached</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>Refer</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>Take back</translation>
    </message>
    <message>
        <source>Close unresolved</source>
        <translation>Close unresolved</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Record follow-up visit</source>
        <translation>Record follow-up visit</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Judicial confirmation</source>
        <translation>Judicial confirmation</translation>
    </message>
    <message>
        <source>Save agreement PDF</source>
        <translation>Save agreement PDF</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Accept the dispute</source>
        <translation>Accept the dispute</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <source>Record a mediation session</source>
        <translation>Record a mediation session</translation>
    </message>
    <message>
        <source>Held at</source>
        <translation>Held at</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Track</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Mediators (comma between names)</source>
        <translation>Mediators (comma between names)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Terms of the agreement</source>
        <translation>Terms of the agreement</translation>
    </message>
    <message>
        <source>Refer to another body</source>
        <translation>Refer to another body</translation>
    </message>
    <message>
        <source>Referred to</source>
        <translation>Referred to</translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation>Reference number</translation>
    </message>
    <message>
        <source>From track</source>
        <translation>From track</translation>
    </message>
    <message>
        <source>To track</source>
        <translation>To track</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Take the dispute back</source>
        <translation>Take the dispute back</translation>
    </message>
    <message>
        <source>Follow-up visit due %1</source>
        <translation>Follow-up visit due %1</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Court applied to</source>
        <translation>Court applied to</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <source>Result (empty while pending)</source>
        <translation>Result (empty while pending)</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>Name, pinyin, address or phone</source>
        <translation>Name, pinyin, address or phone</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Close the dispute</source>
        <translation>Close the dispute</translation>
    </message>
</context>
<context>
    <name>DisputesScreen</name>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risk</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ethnic factors</source>
        <translation>Ethnic factors</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>Next follow-up</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Occurred on</source>
        <translation>Occurred on</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>New dispute</source>
        <translation>New dispute</translation>
    </message>
    <message>
        <source>Save case file (PDF)</source>
        <translation>Save case file (PDF)</translation>
    </message>
    <message>
        <source>One PDF with the registration, parties, sessions, agreement, follow-ups and every step</source>
        <translation>One PDF with the registration, parties, sessions, agreement, follow-ups and every step</translation>
    </message>
    <message>
        <source>Printing the case file…</source>
        <translation>Printing the case file…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Could not save the case file: %1</source>
        <translation>Could not save the case file: %1</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>to %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>due</source>
        <translation>due</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Involves ethnic factors</source>
        <translation>Involves ethnic factors</translation>
    </message>
    <message>
        <source>Judicial confirmation</source>
        <translation>Judicial confirmation</translation>
    </message>
    <message>
        <source>From screening</source>
        <translation>From screening</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Mediation sessions</source>
        <translation>Mediation sessions</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>applied to %1 on %2</source>
        <translation>applied to %1 on %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>%1, screened on %2 by %3</source>
        <translation>%1, screened on %2 by %3</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <source>Unsaved forms</source>
        <translation>Unsaved forms</translation>
    </message>
    <message>
        <source>These forms were not saved when the app last closed:</source>
        <translation>These forms were not saved when the app last closed:</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Decide later</translation>
    </message>
</context>
<context>
    <name>ExportsScreen</name>
    <message>
        <source>Work report</source>
        <translation>Work report</translation>
    </message>
    <message>
        <source>%1 (Excel)</source>
        <translation>%1 (Excel)</translation>
    </message>
    <message>
        <source>All my grids</source>
        <translation>All my grids</translation>
    </message>
    <message>
        <source>Days I choose</source>
        <translation>Days I choose</translation>
    </message>
    <message>
        <source>Full ID numbers (recorded in the audit history)</source>
        <translation>Full ID numbers (recorded in the audit history)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Report period</source>
        <translation>Report period</translation>
    </message>
    <message>
        <source>The period holding</source>
        <translation>The period holding</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Exports with full ID numbers (audit history)</source>
        <translation>Exports with full ID numbers (audit history)</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 of %2 rows</translation>
    </message>
    <message>
        <source>Saved %1 (%2 rows)</source>
        <translation>Saved %1 (%2 rows)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Not exported.</source>
        <translation>Not exported.</translation>
    </message>
    <message>
        <source>%1 (PDF)</source>
        <translation>%1 (PDF)</translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <source>Finding</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Kind of dispute</source>
        <translation>Kind of dispute</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>What was found</translation>
    </message>
    <message>
        <source>Remove this finding</source>
        <translation>Remove this finding</translation>
    </message>
</context>
<context>
    <name>FirstAccountDialog</name>
    <message>
        <source>First start — create the administrator account</source>
        <translation>First start — create the administrator account</translation>
    </message>
    <message>
        <source>User name (letters and digits)</source>
        <translation>User name (letters and digits)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Password (at least 8 characters)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Password again</translation>
    </message>
    <message>
        <source>Create the account</source>
        <translation>Create the account</translation>
    </message>
    <message>
        <source>This account encrypts the records on this laptop. Workers&apos; accounts arrive from the regional server once the laptop is enrolled.</source>
        <translation>This account encrypts the records on this laptop. Workers&apos; accounts arrive from the regional server once the laptop is enrolled.</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>From the old household tags, to check: %1. Tick each group on its resident and save.</source>
        <translation>From the old household tags, to check: %1. Tick each group on its resident and save.</translation>
    </message>
    <message>
        <source>Add a resident</source>
        <translation>Add a resident</translation>
    </message>
    <message>
        <source>new household</source>
        <translation>new household</translation>
    </message>
    <message>
        <source>Household: %1</source>
        <translation>Household: %1</translation>
    </message>
</context>
<context>
    <name>HouseholdsScreen</name>
    <message>
        <source>Head of household</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Care groups</source>
        <translation>Care groups</translation>
    </message>
    <message>
        <source>Care group</source>
        <translation>Care group</translation>
    </message>
    <message>
        <source>New household</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>Move to another village…</source>
        <translation>Move to another village…</translation>
    </message>
    <message>
        <source>Moved: %1 records, now in %2.</source>
        <translation>Moved: %1 records, now in %2.</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Recent visits</source>
        <translation>Recent visits</translation>
    </message>
</context>
<context>
    <name>IdNumberLine</name>
    <message>
        <source>Type again</source>
        <translation>Type again</translation>
    </message>
</context>
<context>
    <name>ListScreen</name>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Search (Ctrl+F): name, pinyin, address, phone or ID tail</source>
        <translation>Search (Ctrl+F): name, pinyin, address, phone or ID tail</translation>
    </message>
    <message>
        <source>%1 (Ctrl+N)</source>
        <translation>%1 (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — Tongxin Grid</source>
        <translation>Log in — Tongxin Grid</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Locked after a while without use. Type the password to go on.</source>
        <translation>Locked after a while without use. Type the password to go on.</translation>
    </message>
    <message>
        <source>Wait %1 s</source>
        <translation>Wait %1 s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tongxin Grid</source>
        <translation>Tongxin Grid</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>Volunteering</source>
        <translation>Volunteering</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Ledgers</source>
        <translation>Ledgers</translation>
    </message>
    <message>
        <source>Service items</source>
        <translation>Service items</translation>
    </message>
    <message>
        <source>Patrols</source>
        <translation>Patrols</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>Screening</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>Meetings</translation>
    </message>
</context>
<context>
    <name>MeetingForm</name>
    <message>
        <source>Deliberation meeting</source>
        <translation>Deliberation meeting</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Kind of meeting</source>
        <translation>Kind of meeting</translation>
    </message>
    <message>
        <source>Held at</source>
        <translation>Held at</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Attendees (names)</source>
        <translation>Attendees (names)</translation>
    </message>
    <message>
        <source>Names separated by 、 or commas</source>
        <translation>Names separated by 、 or commas</translation>
    </message>
    <message>
        <source>Residents attending</source>
        <translation>Residents attending</translation>
    </message>
    <message>
        <source>%1 picked: %2</source>
        <translation>%1 picked: %2</translation>
    </message>
    <message>
        <source>Add a resident</source>
        <translation>Add a resident</translation>
    </message>
    <message>
        <source>Head-count</source>
        <translation>Head-count</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <source>Follow-up owner</source>
        <translation>Follow-up owner</translation>
    </message>
    <message>
        <source>Meeting: %1</source>
        <translation>Meeting: %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
</context>
<context>
    <name>MeetingsScreen</name>
    <message>
        <source>Held at</source>
        <translation>Held at</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Came</source>
        <translation>Came</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>New meeting</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Head-count</source>
        <translation>Head-count</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <source>Follow-up owner</source>
        <translation>Follow-up owner</translation>
    </message>
</context>
<context>
    <name>MovesBox</name>
    <message>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>e.g. township government service centre</source>
        <translation>e.g. township government service centre</translation>
    </message>
    <message>
        <source>What happened on the visit</source>
        <translation>What happened on the visit</translation>
    </message>
    <message>
        <source>Start handling</source>
        <translation>Start handling</translation>
    </message>
    <message>
        <source>Escalated to</source>
        <translation>Escalated to</translation>
    </message>
    <message>
        <source>Escalate to the township</source>
        <translation>Escalate to the township</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>What was done</translation>
    </message>
    <message>
        <source>Close as done</source>
        <translation>Close as done</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Closing visit</source>
        <translation>Closing visit</translation>
    </message>
    <message>
        <source>Why not</source>
        <translation>Why not</translation>
    </message>
    <message>
        <source>Cannot be done</source>
        <translation>Cannot be done</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Now: %1</translation>
    </message>
    <message>
        <source>escalated to %1</source>
        <translation>escalated to %1</translation>
    </message>
</context>
<context>
    <name>ParticipantRow</name>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Listed twice</source>
        <translation>Listed twice</translation>
    </message>
</context>
<context>
    <name>MemberEditor</name>
    <message>
        <source>While this form was open, a sync changed %1 of %2 too. The form still shows what you typed; check it, then save again to keep yours.</source>
        <translation>While this form was open, a sync changed %1 of %2 too. The form still shows what you typed; check it, then save again to keep yours.</translation>
    </message>
</context>
<context>
    <name>PartyEditor</name>
    <message>
        <source>Party</source>
        <translation>Party</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>From the registry</source>
        <translation>From the registry</translation>
    </message>
    <message>
        <source>Optional: type a resident&apos;s name</source>
        <translation>Optional: type a resident&apos;s name</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Remove this party</source>
        <translation>Remove this party</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>Change the password</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>New password (at least 8 characters)</source>
        <translation>New password (at least 8 characters)</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>New password again</translation>
    </message>
</context>
<context>
    <name>PatrolForm</name>
    <message>
        <source>Patrol log</source>
        <translation>Patrol log</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Route or places</source>
        <translation>Route or places</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>An incident found on this patrol (leave the type empty if none)</source>
        <translation>An incident found on this patrol (leave the type empty if none)</translation>
    </message>
    <message>
        <source>Incident type</source>
        <translation>Incident type</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>Incident place</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Patrol: %1</source>
        <translation>Patrol: %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
</context>
<context>
    <name>PatrolsScreen</name>
    <message>
        <source>Started at</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>Route or places</source>
        <translation>Route or places</translation>
    </message>
    <message>
        <source>Patroller</source>
        <translation>Patroller</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>New patrol</source>
        <translation>New patrol</translation>
    </message>
    <message>
        <source>escalated to the township %1</source>
        <translation>escalated to the township %1</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Escalate to the township</source>
        <translation>Escalate to the township</translation>
    </message>
</context>
<context>
    <name>PhotoList</name>
    <message>
        <source>Add photos…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png)</source>
        <translation>Photos (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 photos</translation>
    </message>
</context>
<context>
    <name>PickedHouseholds</name>
    <message>
        <source>%1 households: %2</source>
        <translation>%1 households: %2</translation>
    </message>
    <message>
        <source>Add a household</source>
        <translation>Add a household</translation>
    </message>
</context>
<context>
    <name>PickedRecords</name>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>While this form was open, a sync changed %1 too. The form still shows what you typed; check it, then save again to keep yours.</source>
        <translation>While this form was open, a sync changed %1 too. The form still shows what you typed; check it, then save again to keep yours.</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters.</source>
        <translation>Too long: at most %1 characters.</translation>
    </message>
    <message>
        <source>Not a valid value.</source>
        <translation>Not a valid value.</translation>
    </message>
    <message>
        <source>Still to fill in: %1</source>
        <translation>Still to fill in: %1</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <source>What you typed in this form has not been saved. Discard it?</source>
        <translation>What you typed in this form has not been saved. Discard it?</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Look in:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Files of &amp;type:</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Pick one from the list (Enter or a click): typing a name is not enough.</source>
        <translation>Pick one from the list (Enter or a click): typing a name is not enough.</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>ID ending %1</source>
        <translation>ID ending %1</translation>
    </message>
</context>
<context>
    <name>ResidentEditor</name>
    <message>
        <source>Resident</source>
        <translation>Resident</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>Ethnic group</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Lives</source>
        <translation>Lives</translation>
    </message>
    <message>
        <source>Place of household registration</source>
        <translation>Place of household registration</translation>
    </message>
    <message>
        <source>Arrived on</source>
        <translation>Arrived on</translation>
    </message>
    <message>
        <source>Why they came</source>
        <translation>Why they came</translation>
    </message>
    <message>
        <source>Residence permit no.</source>
        <translation>Residence permit no.</translation>
    </message>
    <message>
        <source>Permit expires</source>
        <translation>Permit expires</translation>
    </message>
    <message>
        <source>Care groups</source>
        <translation>Care groups</translation>
    </message>
    <message>
        <source>Joined the household by</source>
        <translation>Joined the household by</translation>
    </message>
    <message>
        <source>Moved in or born on</source>
        <translation>Moved in or born on</translation>
    </message>
    <message>
        <source>Moved in from</source>
        <translation>Moved in from</translation>
    </message>
    <message>
        <source>On the register</source>
        <translation>On the register</translation>
    </message>
    <message>
        <source>Moved out or died on</source>
        <translation>Moved out or died on</translation>
    </message>
    <message>
        <source>Moved to</source>
        <translation>Moved to</translation>
    </message>
    <message>
        <source>The date cannot be later than today.</source>
        <translation>The date cannot be later than today.</translation>
    </message>
    <message>
        <source>Give the date of birth.</source>
        <translation>Give the date of birth.</translation>
    </message>
    <message>
        <source>A birth is on the birth date above (%1).</source>
        <translation>A birth is on the birth date above (%1).</translation>
    </message>
    <message>
        <source>Remove this resident</source>
        <translation>Remove this resident</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>Volunteer activity</source>
        <translation>Volunteer activity</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>Routine visits reviewed by sample; disputes, activities and visits with a service item are always reviewed.</source>
        <translation>Routine visits reviewed by sample; disputes, activities and visits with a service item are always reviewed.</translation>
    </message>
    <message>
        <source>Set sample</source>
        <translation>Set sample</translation>
    </message>
    <message>
        <source>Routine visits reviewed by sample</source>
        <translation>Routine visits reviewed by sample</translation>
    </message>
    <message>
        <source>Comment (required when returning: say what to fix)</source>
        <translation>Comment (required when returning: say what to fix)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Return to worker</source>
        <translation>Return to worker</translation>
    </message>
    <message>
        <source>%1 waiting for review</source>
        <translation>%1 waiting for review</translation>
    </message>
    <message>
        <source> (routine visits: a %1% sample; disputes and service items: all)</source>
        <translation> (routine visits: a %1% sample; disputes and service items: all)</translation>
    </message>
</context>
<context>
    <name>ReviewSection</name>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Returned by %1:</source>
        <translation>Returned by %1:</translation>
    </message>
    <message>
        <source>Fix the record and save it to submit it again.</source>
        <translation>Fix the record and save it to submit it again.</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Decisions</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import volunteer roster</source>
        <translation>Import volunteer roster</translation>
    </message>
    <message>
        <source>An Excel file (.xlsx) with a 姓名 column</source>
        <translation>An Excel file (.xlsx) with a 姓名 column</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>Check file</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Nothing is saved until you press Import.</source>
        <translation>Nothing is saved until you press Import.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>Save report…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Choose a roster</source>
        <translation>Choose a roster</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Check cancelled; nothing was saved.</source>
        <translation>Check cancelled; nothing was saved.</translation>
    </message>
    <message>
        <source>%1 rows read: %2 can be imported, %3 have problems. Nothing is saved yet.</source>
        <translation>%1 rows read: %2 can be imported, %3 have problems. Nothing is saved yet.</translation>
    </message>
    <message>
        <source>Import %1 good rows</source>
        <translation>Import %1 good rows</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>Save the report as</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>Report saved: %1</translation>
    </message>
    <message>
        <source>Saving the report…</source>
        <translation>Saving the report…</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Not saved.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was saved.</source>
        <translation>Import cancelled; nothing was saved.</translation>
    </message>
    <message>
        <source>Imported %1 volunteers; the %2 rows listed below were not imported.</source>
        <translation>Imported %1 volunteers; the %2 rows listed below were not imported.</translation>
    </message>
    <message>
        <source>Nothing was saved.</source>
        <translation>Nothing was saved.</translation>
    </message>
</context>
<context>
    <name>ScreeningForm</name>
    <message>
        <source>Dispute screening</source>
        <translation>Dispute screening</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Month screened</source>
        <translation>Month screened</translation>
    </message>
    <message>
        <source>Screened on</source>
        <translation>Screened on</translation>
    </message>
    <message>
        <source>Households covered</source>
        <translation>Households covered</translation>
    </message>
    <message>
        <source>Places covered</source>
        <translation>Places covered</translation>
    </message>
    <message>
        <source>Nil report</source>
        <translation>Nil report</translation>
    </message>
    <message>
        <source>No dispute found in this period (零报告)</source>
        <translation>No dispute found in this period (零报告)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Add a finding</source>
        <translation>Add a finding</translation>
    </message>
    <message>
        <source>Screening: %1</source>
        <translation>Screening: %1</translation>
    </message>
</context>
<context>
    <name>ScreeningScreen</name>
    <message>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Screened on</source>
        <translation>Screened on</translation>
    </message>
    <message>
        <source>Screener</source>
        <translation>Screener</translation>
    </message>
    <message>
        <source>Nil report</source>
        <translation>Nil report</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Turned into records</source>
        <translation>Turned into records</translation>
    </message>
    <message>
        <source>Places covered</source>
        <translation>Places covered</translation>
    </message>
    <message>
        <source>New screening</source>
        <translation>New screening</translation>
    </message>
    <message>
        <source>File a nil report</source>
        <translation>File a nil report</translation>
    </message>
    <message>
        <source>No dispute found this month (零报告)</source>
        <translation>No dispute found this month (零报告)</translation>
    </message>
    <message>
        <source>→ dispute “%1” (%2)</source>
        <translation>→ dispute “%1” (%2)</translation>
    </message>
    <message>
        <source>→ incident: %1 (%2)</source>
        <translation>→ incident: %1 (%2)</translation>
    </message>
    <message>
        <source>dispute screening</source>
        <translation>dispute screening</translation>
    </message>
    <message>
        <source>No dispute found in this period</source>
        <translation>No dispute found in this period</translation>
    </message>
    <message>
        <source>Households covered</source>
        <translation>Households covered</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Turn into a dispute</source>
        <translation>Turn into a dispute</translation>
    </message>
    <message>
        <source>Report as an incident</source>
        <translation>Report as an incident</translation>
    </message>
    <message>
        <source>Withdraw the nil report</source>
        <translation>Withdraw the nil report</translation>
    </message>
    <message>
        <source>Filed by mistake: take it back, then file the findings</source>
        <translation>Filed by mistake: take it back, then file the findings</translation>
    </message>
    <message>
        <source>Not yet reported for %1 (%2): %3</source>
        <translation>Not yet reported for %1 (%2): %3</translation>
    </message>
    <message>
        <source>Every village has reported for %1.</source>
        <translation>Every village has reported for %1.</translation>
    </message>
    <message>
        <source>Both a nil report and findings (filed on two devices while offline): %1. Check with the workers, then withdraw the nil report.</source>
        <translation>Both a nil report and findings (filed on two devices while offline): %1. Check with the workers, then withdraw the nil report.</translation>
    </message>
    <message>
        <source>The month the notice is about</source>
        <translation>The month the notice is about</translation>
    </message>
    <message>
        <source>Turned into both a dispute and an incident (on two devices while offline): %1. Check with the workers, then delete the one not needed.</source>
        <translation>Turned into both a dispute and an incident (on two devices while offline): %1. Check with the workers, then delete the one not needed.</translation>
    </message>
</context>
<context>
    <name>ServiceItemForm</name>
    <message>
        <source>Service item</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>Name, pinyin, address or phone</source>
        <translation>Name, pinyin, address or phone</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>For resident</source>
        <translation>For resident</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>What is needed</source>
        <translation>What is needed</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>no household yet</source>
        <translation>no household yet</translation>
    </message>
    <message>
        <source>Service item: %1</source>
        <translation>Service item: %1</translation>
    </message>
</context>
<context>
    <name>ServiceItemsScreen</name>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>What is needed</source>
        <translation>What is needed</translation>
    </message>
    <message>
        <source>New service item</source>
        <translation>New service item</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Escalated to</source>
        <translation>Escalated to</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>What was done</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>About Tongxin Grid</source>
        <translation>About Tongxin Grid</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Database file</translation>
    </message>
    <message>
        <source>Accounts on this laptop</source>
        <translation>Accounts on this laptop</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>Change my password…</translation>
    </message>
    <message>
        <source>Add an account…</source>
        <translation>Add an account…</translation>
    </message>
    <message>
        <source>Tongxin Grid %1
Records of grid work for villages and pastoral areas.</source>
        <translation>Tongxin Grid %1
Records of grid work for villages and pastoral areas.</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+0: go to a screen · Ctrl+N: new record · Ctrl+F: search · Enter: open · Ctrl+S: save · Esc: close a form · F4: calendar</source>
        <translation>Ctrl+1 … Ctrl+0: go to a screen · Ctrl+N: new record · Ctrl+F: search · Enter: open · Ctrl+S: save · Esc: close a form · F4: calendar</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Keyboard</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Shown now, until you decide</source>
        <translation>Shown now, until you decide</translation>
    </message>
    <message>
        <source>Keep this value</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Changed at</translation>
    </message>
</context>
<context>
    <name>StickPanel</name>
    <message>
        <source>Sync by USB stick (no network)</source>
        <translation>Sync by USB stick (no network)</translation>
    </message>
    <message>
        <source>Export writes this laptop&apos;s unsent changes and photos to the stick. At the township office they are imported into the server, which writes a reply beside them; bring the stick back and import the reply.</source>
        <translation>Export writes this laptop&apos;s unsent changes and photos to the stick. At the township office they are imported into the server, which writes a reply beside them; bring the stick back and import the reply.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Export sync bundle</source>
        <translation>Export sync bundle</translation>
    </message>
    <message>
        <source>Import sync bundle</source>
        <translation>Import sync bundle</translation>
    </message>
    <message>
        <source>Stick or folder</source>
        <translation>Stick or folder</translation>
    </message>
    <message>
        <source>Bundle No. %1 written, waiting for its reply.</source>
        <translation>Bundle No. %1 written, waiting for its reply.</translation>
    </message>
    <message>
        <source>Bundle No. %1 written, waiting for its reply (last reply imported: No. %2).</source>
        <translation>Bundle No. %1 written, waiting for its reply (last reply imported: No. %2).</translation>
    </message>
    <message>
        <source>Bundle No. %1 written and its reply imported.</source>
        <translation>Bundle No. %1 written and its reply imported.</translation>
    </message>
    <message>
        <source>Where is the USB stick?</source>
        <translation>Where is the USB stick?</translation>
    </message>
    <message>
        <source>This folder does not exist: plug in the stick or choose a folder.</source>
        <translation>This folder does not exist: plug in the stick or choose a folder.</translation>
    </message>
    <message>
        <source>Cancelled: no sync bundle was written.</source>
        <translation>Cancelled: no sync bundle was written.</translation>
    </message>
    <message>
        <source>Reply imported: %1 changes received, %2 of this laptop&apos;s changes confirmed.</source>
        <translation>Reply imported: %1 changes received, %2 of this laptop&apos;s changes confirmed.</translation>
    </message>
    <message>
        <source>Forwarded %1 village bundles to the server; their replies are on the stick.</source>
        <translation>Forwarded %1 village bundles to the server; their replies are on the stick.</translation>
    </message>
    <message>
        <source>Sync bundle written: %1. At the township it is imported and a reply is written beside it.</source>
        <translation>Sync bundle written: %1. At the township it is imported and a reply is written beside it.</translation>
    </message>
    <message>
        <source>Cancelled: what was read so far is kept.</source>
        <translation>Cancelled: what was read so far is kept.</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 hours</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 minutes</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock is about %1 behind the server&apos;s. Set the date and time right: with a slow clock, a later change can lose to an earlier one from another laptop.</source>
        <translation>This laptop&apos;s clock is about %1 behind the server&apos;s. Set the date and time right: with a slow clock, a later change can lose to an earlier one from another laptop.</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock is about %1 ahead of the server&apos;s. Set the date and time right: the server corrects its changes, but times shown here are off.</source>
        <translation>This laptop&apos;s clock is about %1 ahead of the server&apos;s. Set the date and time right: the server corrects its changes, but times shown here are off.</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>Last problem</translation>
    </message>
    <message>
        <source>Needs your attention</source>
        <translation>Needs your attention</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Discard…</translation>
    </message>
    <message>
        <source>Received but not applied, or to be checked</source>
        <translation>Received but not applied, or to be checked</translation>
    </message>
    <message>
        <source>Enroll this laptop with the server</source>
        <translation>Enroll this laptop with the server</translation>
    </message>
    <message>
        <source>Enroll</source>
        <translation>Enroll</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Only an administrator enrolls this laptop.</source>
        <translation>Only an administrator enrolls this laptop.</translation>
    </message>
    <message>
        <source>%1 changes were refused by the server: see below.</source>
        <translation>%1 changes were refused by the server: see below.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>%1 changes were refused by the server</source>
        <translation>%1 changes were refused by the server</translation>
    </message>
    <message>
        <source>the whole new record</source>
        <translation>the whole new record</translation>
    </message>
    <message>
        <source>%1 — %2: %3
What to do: %4</source>
        <translation>%1 — %2: %3
What to do: %4</translation>
    </message>
    <message>
        <source>Not applied: %1 — %2</source>
        <translation>Not applied: %1 — %2</translation>
    </message>
    <message>
        <source>To check: %1 — %2</source>
        <translation>To check: %1 — %2</translation>
    </message>
    <message>
        <source>Discard refused changes</source>
        <translation>Discard refused changes</translation>
    </message>
    <message>
        <source>Discard these changes? This laptop takes the server&apos;s values instead, and a record the server never accepted disappears from this laptop. This cannot be undone.</source>
        <translation>Discard these changes? This laptop takes the server&apos;s values instead, and a record the server never accepted disappears from this laptop. This cannot be undone.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Sent %1 changes, received %2; %3 up, %4 down</source>
        <translation>Sent %1 changes, received %2; %3 up, %4 down</translation>
    </message>
    <message>
        <source>Enter the server address and the one-time code.</source>
        <translation>Enter the server address and the one-time code.</translation>
    </message>
    <message>
        <source>Enrolled for grids: %1</source>
        <translation>Enrolled for grids: %1</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>This laptop</translation>
    </message>
    <message>
        <source>As printed: any case, dashes and spaces allowed</source>
        <translation>As printed: any case, dashes and spaces allowed</translation>
    </message>
    <message>
        <source>Sync bundle: %1 changes, %2 photos, %3 of %4 written</source>
        <translation>Sync bundle: %1 changes, %2 photos, %3 of %4 written</translation>
    </message>
    <message>
        <source>Reply bundle (%3 of %4): %1 changes received, %2 confirmed</source>
        <translation>Reply bundle (%3 of %4): %1 changes received, %2 confirmed</translation>
    </message>
    <message>
        <source>Enrolled. Its grids are named here after the first sync.</source>
        <translation>Enrolled. Its grids are named here after the first sync.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>No server set</source>
        <translation>No server set</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) to sync</source>
        <translation>
            <numerusform>%n record to sync</numerusform>
            <numerusform>%n records to sync</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>%1 changes refused by the server</source>
        <translation>%1 changes refused by the server</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
</context>
<context>
    <name>TeamForm</name>
    <message>
        <source>Volunteer team</source>
        <translation>Volunteer team</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>Team name</translation>
    </message>
    <message>
        <source>What the team does</source>
        <translation>What the team does</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>Team: %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Move a household to another village</source>
        <translation>Move a household to another village</translation>
    </message>
    <message>
        <source>%1 (%2), now in %3. Its residents, visits, the disputes only its people are party to (with their follow-ups and photos) and their reviews move with it; its history stays readable. Laptops of %3 let go of it at their next sync.</source>
        <translation>%1 (%2), now in %3. Its residents, visits, the disputes only its people are party to (with their follow-ups and photos) and their reviews move with it; its history stays readable. Laptops of %3 let go of it at their next sync.</translation>
    </message>
    <message>
        <source>Choose a village…</source>
        <translation>Choose a village…</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Move to</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Move the household</source>
        <translation>Move the household</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Name, pinyin, address or phone</source>
        <translation>Name, pinyin, address or phone</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>Kind of visit</source>
        <translation>Kind of visit</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Follow up by</source>
        <translation>Follow up by</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Register a service item for this household after saving</source>
        <translation>Register a service item for this household after saving</translation>
    </message>
    <message>
        <source>no household yet</source>
        <translation>no household yet</translation>
    </message>
    <message>
        <source>Visit: %1</source>
        <translation>Visit: %1</translation>
    </message>
</context>
<context>
    <name>VisitsScreen</name>
    <message>
        <source>Visited at</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <source>Follow up by</source>
        <translation>Follow up by</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>New visit</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
</context>
<context>
    <name>VolunteerForm</name>
    <message>
        <source>Volunteer</source>
        <translation>Volunteer</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>From the residents</source>
        <translation>From the residents</translation>
    </message>
    <message>
        <source>Type a resident&apos;s name, or leave empty</source>
        <translation>Type a resident&apos;s name, or leave empty</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>Standing</translation>
    </message>
    <message>
        <source>Active: offered for new activities</source>
        <translation>Active: offered for new activities</translation>
    </message>
    <message>
        <source>Volunteer: %1</source>
        <translation>Volunteer: %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
    <message>
        <source>The same resident is registered twice: merge the two in the volunteer list.</source>
        <translation>The same resident is registered twice: merge the two in the volunteer list.</translation>
    </message>
</context>
<context>
    <name>VolunteersScreen</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>Standing</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Activities</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <source>New volunteer</source>
        <translation>New volunteer</translation>
    </message>
    <message>
        <source>Resident of the registry (%1)</source>
        <translation>Resident of the registry (%1)</translation>
    </message>
    <message>
        <source>Outside person</source>
        <translation>Outside person</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Total hours</source>
        <translation>Total hours</translation>
    </message>
    <message>
        <source>Activities and hours</source>
        <translation>Activities and hours</translation>
    </message>
    <message>
        <source>Mark inactive</source>
        <translation>Mark inactive</translation>
    </message>
    <message>
        <source>Mark active again</source>
        <translation>Mark active again</translation>
    </message>
    <message>
        <source>%1, registered %2, %3 h</source>
        <translation>%1, registered %2, %3 h</translation>
    </message>
    <message>
        <source>Registered twice</source>
        <translation>Registered twice</translation>
    </message>
    <message>
        <source>The same resident is registered twice</source>
        <translation>The same resident is registered twice</translation>
    </message>
    <message>
        <source>The other registration</source>
        <translation>The other registration</translation>
    </message>
    <message>
        <source>Merge the other registration into this one</source>
        <translation>Merge the other registration into this one</translation>
    </message>
</context>
<context>
    <name>WorkbenchScreen</name>
    <message>
        <source>New household</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>New dispute</source>
        <translation>New dispute</translation>
    </message>
    <message>
        <source>Not yet visited this period (by group); overdue: nor the period before.</source>
        <translation>Not yet visited this period (by group); overdue: nor the period before.</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Nothing due in the next 7 days.</source>
        <translation>Nothing due in the next 7 days.</translation>
    </message>
    <message>
        <source>No open major-risk disputes.</source>
        <translation>No open major-risk disputes.</translation>
    </message>
    <message>
        <source>Nothing returned.</source>
        <translation>Nothing returned.</translation>
    </message>
    <message>
        <source>Sync…</source>
        <translation>Sync…</translation>
    </message>
    <message>
        <source>New visit (Ctrl+N)</source>
        <translation>New visit (Ctrl+N)</translation>
    </message>
    <message>
        <source>Nothing recorded in the last 7 days.</source>
        <translation>Nothing recorded in the last 7 days.</translation>
    </message>
    <message>
        <source>Everyone in a care group has been visited.</source>
        <translation>Everyone in a care group has been visited.</translation>
    </message>
    <message>
        <source>No service items due.</source>
        <translation>No service items due.</translation>
    </message>
    <message>
        <source>Open service items due within 7 days; overdue: past their due date.</source>
        <translation>Open service items due within 7 days; overdue: past their due date.</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>Volunteer activity</source>
        <translation>Volunteer activity</translation>
    </message>
    <message>
        <source>Dispute follow-up</source>
        <translation>Dispute follow-up</translation>
    </message>
    <message>
        <source>Return visit</source>
        <translation>Return visit</translation>
    </message>
    <message>
        <source>Hello, %1 · %2</source>
        <translation>Hello, %1 · %2</translation>
    </message>
    <message>
        <source>Follow-ups due (%1, %2 overdue)</source>
        <translation>Follow-ups due (%1, %2 overdue)</translation>
    </message>
    <message>
        <source>Follow-ups due (%1)</source>
        <translation>Follow-ups due (%1)</translation>
    </message>
    <message>
        <source>Returned to me (%1)</source>
        <translation>Returned to me (%1)</translation>
    </message>
    <message>
        <source>Major-risk disputes (%1)</source>
        <translation>Major-risk disputes (%1)</translation>
    </message>
    <message>
        <source>Recorded in the last 7 days (%1)</source>
        <translation>Recorded in the last 7 days (%1)</translation>
    </message>
    <message>
        <source>Care visits due this period (%1)</source>
        <translation>Care visits due this period (%1)</translation>
    </message>
    <message>
        <source>Service items due (%1)</source>
        <translation>Service items due (%1)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Restored the backup of %1 and checked it.</source>
        <translation>Restored the backup of %1 and checked it.</translation>
    </message>
    <message>
        <source>Demo: every account&apos;s password is %1</source>
        <translation>Demo: every account&apos;s password is %1</translation>
    </message>
</context>
</TS>
