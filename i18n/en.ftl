### Worktray's English messages: the fallback of every other language.
### The same ids are in uk.ftl and ru.ftl (a test checks it); Rust (fluent-bundle) and the
### window (@fluent/bundle) read these files.

## Shared words

status-idle = No timer running
status-offline = offline
status-slow-down = Worksection asked to slow down; next try at { $time }
plural-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
plural-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
plural-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
duration-minutes = { $minutes } min
duration-hours = { $hours } h
duration-hours-minutes = { $hours } h { $minutes } min
weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun
month-short = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
date-day = { $weekday } { $day } { $month }
date-day-year = { $weekday } { $day } { $month } { $year }
mark-vacation = vacation
mark-sick-leave = sick leave
mark-workday = workday (weekend)
mark-unset = cleared
away-reason-idle = no input
away-reason-locked = screen locked
away-reason-asleep = asleep
away-reason-off = computer off or Worktray not running

## What people type (core parse.rs and entries)

parse-duration-empty = the duration is empty; use 1:30, 1h30m, 90m, 1.5h, 0,25 or 45 (minutes)
parse-duration-invalid = "{ $input }" is not a duration; use 1:30, 1h30m, 90m, 1.5h, 0,25 or 45 (minutes)
parse-duration-colon-minutes = "{ $input }" has { $minutes } minutes; after the colon use 00 to 59
parse-duration-zero = "{ $input }" is zero; enter at least one minute
parse-duration-too-long = "{ $input }" is { $length }, longer than a day; split it into entries of at most 24:00
parse-since-not-clock = "{ $input }" is not a time of day: use a clock time today (9:30) or how long ago (25m, 1h30m)
parse-since-invalid = "{ $input }" is not a time: use a clock time today (9:30) or how long ago (25m, 1h30m)
parse-since-later = { $time } is later than now: give the time you started at
parse-since-before-today = { $when } is before today: log that time as an entry instead (worktray log)
parse-date-invalid = "{ $input }" is not a date; use today, yesterday, tomorrow, a weekday (mon, tuesday), DD.MM.YYYY or YYYY-MM-DD
entry-in-future = { $date } is in the future; log time you have worked
entry-money-and-rate = give an amount or use your hourly rate, not both
entry-nothing = nothing
entry-preview = { $duration } on { $date } — { $task }
entry-preview-comment = { $duration } on { $date } — { $task } · "{ $comment }"
input-timer-only = { $project } accepts time from the timer only (a project setting in Worksection); start the timer on the task instead
input-task-not-found = no open task matches "{ $query }"
input-task-ambiguous = "{ $query }" matches { $count } tasks; be more specific or use a task id
input-day-off-vacation = today is marked as vacation in your Worksection schedule; start the timer anyway?
input-day-off-sick = today is marked as sick leave in your Worksection schedule; start the timer anyway?
input-away-timer-gone = the timer on { $task } is no longer running; correct its entry in Entries instead
input-no-away = no away time waits for an answer
input-no-away-number = no away time waits for an answer with number { $id }

## Why a write waits in the queue (the core's QueueReason; the CLI and the window)

queue-slow-to-answer = Worksection is slow to answer
queue-on-its-way = on its way; Worksection takes one request a second
queue-not-sent-yet = not sent yet
queue-waiting-for-earlier = waiting for earlier entries
queue-waiting-to-retry = waiting to retry
queue-other-process = another Worktray process is sending the queue
queue-closing = Worktray is closing; the rest is sent when it runs again
queue-still-sending = still sending after { $seconds } s; the rest goes on in the background while the tray runs, or with the next `worktray sync`

## The command line

cli-task-number = task { $id }
cli-status-away = away { $away } ({ $start }–{ $end }) waits for an answer: worktray away keep|discard|continue|assign
cli-status-queue = queue: { $pending } pending · { $parked } parked{ $parked ->
    [0] {""}
   *[other] {" "}(see `worktray sync`)
}
cli-queued-unreadable = unreadable #{ $id }: { $what } — { $problem }
cli-queued-refused = refused #{ $id }: { $what } — { $problem }
cli-queued-pending = queued: { $what }
cli-queued-pending-because = queued: { $what } ({ $problem })
cli-whoami = { $name } <{ $email }> on { $account }
cli-whoami-role = { $name } <{ $email }> ({ $role }) on { $account }
cli-stopped-saved = Stopped { $what } (saved)
cli-stopped-queued = Stopped { $what } — queued ({ $reason }); Worksection will get it when reachable
cli-already-running = Already running:
cli-start-queued = queued ({ $reason }); it counts from now and reaches Worksection as soon as it can
cli-before-start-logged = + { $what } before the start, logged
cli-before-start-queued = + { $what } before the start, queued ({ $reason }); it will be sent when Worksection is reachable
cli-before-start-refused = ✗ Worksection refused the { $what } before the start: { $message } (kept; see `worktray sync`)
cli-would-log = Would log { $what }
cli-logged = ✓ Logged { $what }
cli-logged-queued = ✓ Queued { $what } ({ $reason }); it is safe and will be sent when Worksection is reachable
cli-logged-refused = ✗ Worksection refused { $what }: { $message } (kept; see `worktray sync`)
cli-given-logged = + Logged { $what }
cli-given-queued = + Queued { $what } ({ $reason })
cli-write-queued = queued ({ $reason }); Worksection will get it when reachable
cli-discarded = Discarded the running timer (nothing saved)
cli-no-away = No away time waits for an answer.
cli-no-tasks = No open tasks match.
cli-away-line = away { $away } ({ $start }–{ $end }, { $reason }) on { $task }
cli-away-kept = Kept the away { $away } on { $task }
cli-away-left-out = Stopped { $task }; the away time is left out
cli-away-continued = The away time is left out of { $task }; the timer goes on
cli-day-queued = queued: { $mark }
cli-no-days-off = No days off from { $from } to { $to }.
cli-days-marked = { $count ->
    [one] { $count } day
   *[other] { $count } days
} { $span } as { $mark }
cli-days-off-marked = ✓ Marked { $what }
cli-days-off-queued = ✓ Queued: mark { $what } ({ $reason }); it will be sent when Worksection is reachable
cli-days-off-refused = ✗ Worksection refused to mark { $what }: { $message }
cli-no-entries = No entries from { $from } to { $to }.
cli-entry-timer = timer
cli-entry-pending = pending
cli-entry-refused = refused: { $problem }
cli-total = Total
cli-sync-summary = Sent { $sent } · { $pending } pending · { $refused } refused{ $unreadable ->
    [0] {""}
   *[other] {" "}· { $unreadable } unreadable
}
cli-sync-waiting = waiting: { $reason }
cli-cannot-start = cannot start: { $error }
cli-cannot-write-json = cannot write JSON: { $error }
cli-tray-not-running = Worktray is not running; start it with `worktray`
bar-not-running = Worktray is not running
cli-use-anyway = use --anyway to start it

## The tray menu and tooltip

menu-signed-out = Signed out — sign in to track time
menu-offline = offline
menu-start-since-back = Start { $task } from { $since } ({ $minutes } min ago)
menu-away = Away { $away } — decide…
menu-queue-pending = { $count } waiting to be sent
menu-queue-refused = { $count } refused by Worksection
menu-sign-in = Sign in…
menu-quit = Quit Worktray
menu-stop = Stop
menu-stop-with-comment = Stop with comment…
menu-discard = Discard (don't save)
menu-open-task = Open task in Worksection
menu-start-on = Start on
menu-start-other = Start on another task…
menu-log-time = Log time…
menu-entries = Entries…
menu-days-off = Days off…
menu-sick-today = I'm sick today
menu-open-window = Open Worktray…
menu-refresh = Refresh now
menu-settings = Settings…
menu-sign-out = Sign out

## Notifications

notice-started-elsewhere = Timer started elsewhere
notice-stopped-elsewhere = Timer stopped elsewhere
notice-stopped-elsewhere-body = { $task } — saved in Worksection
notice-running-long = Timer still running
notice-running-long-body = { $task } has run for { $elapsed }. Still working on it?
notice-no-timer = No timer running
notice-no-timer-body = No timer has run for { $minutes } minutes of your work hours. Start one from the tray, or log the time later.
notice-sign-in-again = Sign in to Worksection again
notice-sign-in-again-body = { $reason }. Your entries are kept and will be sent after you sign in.
notice-sign-in-not-saved = The keyring did not take the sign-in
notice-queue-flushed = Entries sent
notice-queue-flushed-body = { $count ->
    [one] { $count } queued entry reached Worksection.
   *[other] { $count } queued entries reached Worksection.
}
notice-entry-refused = Worksection refused an entry
notice-entry-refused-body = { $what }: { $message }. Open Worktray to fix, retry or discard it.
notice-database-recovered = Local database repaired
notice-away-question = Away { $away } — was it work?
notice-away-question-body = The timer on { $task } ran while you were away ({ $start }–{ $end }).
notice-away-left-out = Away { $away } left out
notice-away-left-out-body = { $start }–{ $end } is not counted on { $task }; the timer goes on.
notice-started-on-day-off = Today is marked as { $kind ->
        [sick] sick leave
       *[vacation] vacation
    } in Worksection
notice-started-on-day-off-body = The timer on { $task } runs. Discard it if you are not working today.
notice-decide-in-menu = Decide what it was from the tray menu.
notice-action-stop = Stop timer
notice-action-stop-at = Stop at your last activity ({ $time })
notice-action-keep-running = Keep running
notice-action-discard = Discard timer
notice-action-keep = Keep
notice-action-leave-out = Leave out
notice-action-continue = Leave out and continue
notice-action-decide = Decide…

## worktray --help

help-usage = Usage:
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-worktray = Track time in Worksection from the tray and the terminal
help-arg--help = Print help
help-arg--version = Print version
help-arg--json = Print JSON instead of text
help-arg--no-window = Do not open the window at start
help-arg--id = The number `worktray away` shows (default: the newest)
help-arg--minutes = Keep the first N minutes of the away time on the timer's task
help-help = Print this message or the help of the given command
help-help--subcommand = The command whose help to print
help-daemon = Start the tray daemon (the default when no command is given)
help-demo = Run the whole app on a built-in Worksection simulator, signed in to a demo account
help-demo--port = Port for the simulator (0 picks a free one)
help-login = Sign in to Worksection (OAuth2). The client secret is read from WORKTRAY_CLIENT_SECRET, the keyring, or a prompt
help-login--client-id = The app's client id (Worksection: account settings → API)
help-login--redirect-uri = The redirect URI registered with the app, exactly
help-login--scopes = Scopes to ask for, separated by spaces or commas
help-login--no-browser = Print the sign-in address instead of opening a browser; paste the redirected address here if the browser cannot reach this computer
help-logout = Sign out: remove the tokens and client secret from the keyring
help-open = Open the window of the running tray, on a view (for a keyboard shortcut of the desktop)
help-open--view = The view to open
help-whoami = Who is signed in
help-status = The running timer. Free when the daemon runs: it answers from memory
help-status--refresh = Ask the server instead of the daemon's last known state
help-status--format = For a status bar (waybar, polybar, i3blocks, plain): answered by the running tray, at no API cost
help-start = Start the timer on a task: an id, a Worksection task link, or words from its name. A timer running on another task is stopped (and saved) first
help-start--task = The task: an id, a link, or words from its name
help-start--anyway = Start even on a day marked as vacation or sick leave
help-start--since = You forgot to start it: when you began, as a clock time today (9:30) or how long ago (25m, 1h30m). The timer starts now and the minutes since are booked to the task; a timer running on another task stops then
help-stop = Stop the timer; Worksection saves the time as a cost row
help-stop--comment = A comment for the saved time
help-discard = Throw the running timer away without saving it
help-log = Log time you worked: DURATION on TASK. Safe even offline: it is queued and sent when Worksection is reachable
help-log--duration = How long: 1:30, 1h30m, 90m, 1.5h or 45 (minutes)
help-log--task = The task: an id, a link, or words from its name
help-log--date = today (default), yesterday, a weekday, DD.MM.YYYY or YYYY-MM-DD
help-log--comment = A comment for the entry
help-log--money = An amount of money to book with the time
help-log--rate = Book money from my hourly rate
help-log--dry-run = Only show how the entry is understood; send nothing
help-entries = My entries, grouped by day, with totals; queued and refused ones are marked
help-entries--today = Today's entries (the default)
help-entries--week = This week's entries
help-entries--from = The first day to list (with --to)
help-entries--to = The last day to list (with --from)
help-sync = Send queued entries now and report what is pending, sent and refused
help-days-off = My days off (vacation, sick leave, weekend workdays); `days-off set` marks them
help-days-off--from = First day to list (default: the first of this month)
help-days-off--to = Last day to list (default: the end of next month)
help-days-off-set = Mark RANGE (a date, or D..D: today, mon, 24.12.2026, 2026-12-24) as KIND
help-days-off-set--range = A day or a range D..D
help-days-off-set--kind = vacation, sick-leave, workday (working on a weekend day) or unset (clears the mark)
help-days-off-set--include-weekends = Also mark Saturdays and Sundays as vacation or sick leave
help-tasks = List my open tasks, optionally only those matching QUERY
help-tasks--query = Words from a task's name or project
help-away = Away time a running timer went through (the screen locked, the computer asleep, no input), waiting for an answer; `away keep|discard|continue|assign` answers it
help-away-keep = It was work: keep it on the timer
help-away-discard = Not work: stop the timer and leave the away time out of its entry
help-away-continue = As discard, then start the timer again on the same task
help-away-assign = It was work on TASK (the meeting): stop the timer without the away time and log that time on TASK
help-away-assign--task = The task the away time was spent on
help-doctor = Which of this desktop's idle, screen-lock and sleep sources work, and why the others do not
help-completions = Print the shell completion script for SHELL (the packages install them)
help-completions--shell = bash, zsh or fish
help-package-files = Write what the packages install beside the programs into DIR: man pages, shell completions, the desktop entry
help-package-files--dir = The folder to write them into

## What the packages install (`worktray package-files`): the app menu entry (its keywords end with a semicolon) and the window's man page

desktop-generic-name = Time tracker
desktop-comment = Track time in Worksection from the tray
desktop-keywords = time;tracking;timer;timesheet;worksection;
man-window-name = the window of Worktray, started by the tray
man-window-description = The tray (worktray) starts this program when you open its window, and it ends when you close the window. It holds no sign-in of its own: everything it shows and does goes through the running tray. Started without a tray, it says so and quits.

## The pages of the sign-in listener (the browser shows them)

signin-page-not-found = Not found
signin-page-not-found-text = This address only receives the Worktray sign-in.
signin-page-expired = This sign-in link has expired
signin-page-expired-text = It does not belong to the sign-in Worktray is waiting for. Start signing in again from Worktray.
signin-page-cancelled = Sign-in cancelled
signin-page-cancelled-text = Worktray was not given access. You can close this tab.
signin-page-done = You're signed in
signin-page-done-text = Worktray is now connected to Worksection. You can close this tab.
signin-page-no-code = No authorization code
signin-page-no-code-text = Worksection sent no code. Start signing in again from Worktray.

## The window: the shell

ui-tab-timer = Timer
ui-tab-log = Log time
ui-tab-entries = Entries
ui-tab-days-off = Days off
ui-view-account = Account
ui-view-settings = Settings
ui-view-away = Away time
app-name = Worktray
ui-views = Views
ui-not-signed-in = Not signed in
ui-account-button = Account and sign-in
ui-refresh-button = Check Worksection now
ui-connection-daemon-lost = Daemon not running
ui-connection-online = Online
ui-connection-offline = Offline
ui-connection-signed-out = Signed out
ui-connection-unknown = Connecting…
ui-connection = Connection: { $state }

## The window: account and sign-in

ui-sign-in = Sign in
ui-signed-in-as = Signed in as
ui-sign-out-ask = Sign out…
ui-sign-out-question = Sign out? Queued entries stay and are sent after you sign in again.
ui-sign-out-confirm-group = Confirm sign out
ui-sign-out = Sign out
ui-cancel = Cancel
ui-sign-in-with = Sign in with Worksection
ui-sign-in-title = Sign in to Worksection
ui-sign-in-again-title = Sign in again
ui-sign-in-step-app = Ask your Worksection account admin for an app (Account settings → API → OAuth2 applications) with the redirect URI exactly as shown below.
ui-sign-in-step-copy = Copy the app's client ID and secret here, then sign in: your browser opens Worksection to approve.
ui-sign-in-step-certificate = The first time, the browser warns about the certificate of localhost: Worktray makes its own to receive Worksection's answer on this computer, and no one else has it. Accept it once.
ui-client-id = Client ID
ui-client-secret = Client secret
ui-client-secret-keep = Leave empty to keep the saved one
ui-client-secret-note = A secret is kept in your keyring; type one only to replace it.
ui-redirect-uri = Redirect URI
ui-scopes = Scopes
ui-keyring-reading = Reading the keyring…
ui-keyring-retry = Try the keyring again
ui-sign-in-waiting-browser = Waiting for the browser…
ui-sign-in-waiting = Approve Worktray on the Worksection page that opened in your browser; this window goes on by itself. (The sign-in gives up after 10 minutes.)
ui-paste-title = Paste the sign-in address
ui-paste-label = If your browser can't reach this computer, paste the address it ended on (or the code)
ui-paste-use = Use it
ui-signed-in-done = Signed in as { $name }.
ui-sign-in-again = Sign in again or with another app…
ui-back-to-timer = Back to the timer

## The window: away time

ui-away-kept-invalid = Type how many of the away minutes were work: a whole number, 1 to { $max }.
ui-away-on = on
ui-away-ask = What was that time?
ui-away-split = Only part of it was work
ui-away-kept-label = Away minutes that were work on { $task }
ui-away-kept-of = of the { $minutes } away minutes were work on this task
ui-away-answers = Answers
ui-away-keep = Keep
ui-away-keep-why = it was work
ui-away-discard =
{ $split ->
    [yes] Leave the rest out
   *[no] Leave it out
}
ui-away-stop-why = and stop the timer
ui-away-continue =
{ $split ->
    [yes] Leave the rest out and continue
   *[no] Leave it out and continue
}
ui-away-continue-why = the timer goes on from now
ui-away-assign =
{ $split ->
    [yes] Give the rest to another task…
   *[no] Give it to another task…
}
ui-away-give-to = Give the away time to
ui-away-none = Nothing to decide: no away time waits for an answer.
ui-away-later = Decide later

## The window: days off

ui-days-marked =
{ $count ->
    [one] Marked { $count } day.
   *[other] Marked { $count } days.
}
ui-outcome-queued = Queued: { $reason }. It is safe and will be sent when Worksection answers.
ui-days-pick = Pick a day, or shift-click / drag for a range.
ui-days-selection =
{ $span } · { $count ->
    [one] { $count } day
   *[other] { $count } days
}{ $weekends ->
    [0] {""}
   *[other] , { $weekends } on a weekend
}
ui-month-previous = Previous month
ui-month-next = Next month
ui-days-legend = Legend
ui-day-vacation-short = vac
ui-day-sick-short = sick
ui-day-workday-short = work
ui-day-vacation = Vacation
ui-day-sick = Sick leave
ui-day-workday = Workday
ui-day-pending = Not sent yet
ui-day-today = Today
ui-days-mark-group = Mark the selected days
ui-day-workday-title = Work on a Saturday or Sunday; select a weekend day to use it
ui-day-clear = Clear
ui-days-include-weekends = Include weekends in vacation and sick leave
ui-days-refused = A schedule change was refused (retry or discard it in Entries): { $reason }
ui-no-reason = no reason given

## The window: the calendar

ui-day-workday-lower = workday
ui-day-clear-short = clear
ui-day-clearing-pending = clearing, not sent yet
ui-day-mark-pending = { $mark }, not sent yet
ui-day-today-lower = today
ui-day-weekend = weekend

## The window: settings

ui-settings-picker-shortcut = Global shortcut to open the task picker
ui-settings-log-shortcut = Global shortcut to log time
ui-settings-away-ask = Ask me what it was
ui-settings-away-keep = Count it as work
ui-settings-away-discard = Leave it out
ui-settings-language-auto = As the desktop
language-en = English
language-uk = Українська
language-ru = Русский
ui-settings-language = Language
ui-settings-hours-invalid = The reminder needs a whole number of hours, at least 1.
ui-settings-after-invalid = The work-hours reminder needs a whole number of minutes, at least 1.
ui-settings-keep-invalid = Keep a closed window ready for a whole number of seconds, 0 to { $max }.
ui-settings-away-invalid = Away time starts after a whole number of minutes, 0 to { $max }.
ui-settings-loading = Loading settings…
ui-settings-preferences = Preferences
ui-settings-long-timer = Remind me when a timer runs longer than
ui-settings-long-timer-hours = Hours before the reminder
ui-settings-hours =
{ $count ->
    [one] hour
   *[other] hours
}
ui-settings-work-hours = Work-hours reminder
ui-settings-work-hours-on = Remind me when no timer runs during work hours
ui-settings-work-start = Work hours start
ui-settings-work-to = to
ui-settings-work-end = Work hours end
ui-settings-work-after = after
ui-settings-work-after-label = Minutes without a timer before the reminder
ui-settings-minutes-without-timer = minutes without a timer
ui-settings-work-hours-note = Weekdays only; silent on days off.
ui-settings-away-after = Away after
ui-settings-minutes-without-input = minutes without input
ui-settings-away-time = When a timer ran through it
ui-settings-stop-on-sleep = Stop the timer when the computer sleeps
ui-settings-away-note = A locked screen and a sleeping computer count as away too. 0 turns away time off.
ui-settings-start-at-login = Start Worktray when I log in
ui-settings-keep-window = Keep a closed window ready for
ui-settings-seconds = seconds
ui-settings-keep-note = Reopening is then instant, at about 200 MB while it waits. 0 frees it at once.
ui-settings-shortcut-placeholder = e.g. { $example } — empty for none
ui-settings-pinned = Pinned tasks
ui-settings-unpin-label = Unpin { $task }
ui-settings-unpin = Unpin
ui-settings-no-pinned = No pinned tasks. Star a task in the task list to pin it.
ui-saved = Saved
ui-close = Close
ui-save = Save

## The window: log time

ui-log-task = Task
ui-log-change = Change
ui-log-entry = Time entry
ui-log-duration = Duration
ui-log-duration-placeholder = 1:30 or 1h 30m
ui-log-date = Date
ui-log-today = today
ui-log-yesterday = yesterday
ui-log-date-hint = Dates: today, yesterday, mon, DD.MM.YYYY
ui-log-comment = Comment
ui-log-comment-placeholder = What did you do?
ui-log-money = Money
ui-log-money-rate = from my hourly rate
ui-log-money-placeholder = optional, e.g. 120.50
ui-log-rate = From my hourly rate
ui-log-reading = Reading…
ui-log-pick-task = Pick a task, then type how long you worked.
ui-log-type-duration = Type how long you worked.
ui-log-logging = Logging…
ui-log-refused-hint = Fix what it says and log again, or see Entries to retry or discard it.

## The window: the timer

ui-away-banner = Away { $away }
ui-queued-because = Queued: { $reason }
ui-day-off-ask = Start on a day off?
ui-start-anyway = Start anyway
ui-queue-go = Entries →
ui-since-switched = Switched earlier?
ui-since-started = Started earlier?
ui-since-placeholder = 9:30 or 25m
ui-since-title = When you really began: a time today (9:30) or how long ago (25m). The minutes since are logged to the task you start.
ui-back-since = From { $since }, when you came back ({ $minutes } min ago)
ui-switch-task = Switch task
ui-start-task = Start a task
ui-timer-running = Running timer
ui-timer-badge = Running
ui-timer-elapsed = Elapsed { $elapsed }
ui-timer-comment = Comment for this entry
ui-timer-comment-placeholder = What did you do? (optional)
ui-timer-discard-ask = Discard…
ui-timer-discard-question = Discard { $elapsed } without saving?
ui-timer-discard-group = Confirm discard
ui-timer-discard = Discard
ui-timer-discard-keep = Keep

## The window: tasks, notices, entries

ui-picker-search-placeholder = Search my tasks…
ui-picker-search = Search my tasks
ui-picker-list = My open tasks
ui-picker-pin-label = Pin { $task }
ui-picker-unpin-title = Unpin (Ctrl+D)
ui-picker-pin-title = Pin to the top and the tray menu (Ctrl+D)
ui-picker-loading = Loading tasks…
ui-picker-no-match = No open task matches “{ $query }”
ui-picker-none = No open tasks
ui-lost-title = Worktray is not running
ui-lost-hint-before = Start it from the applications menu or with
ui-lost-hint-after = , then open this window again. It closes in a moment.
ui-dismiss = Dismiss
ui-candidates = Matching tasks
ui-edit-entry = Edit entry
ui-entry-timer-title = Saved by the timer

## The window: entries

ui-entries-saved = Saved.
ui-entries-deleted = Deleted.
ui-entries-discarded = Discarded.
ui-entry-pending = Pending
ui-entry-refused = Refused
ui-entry-unreadable = Unreadable
ui-entries-retry-label = Retry sending { $what }
ui-entries-retry = Retry
ui-entries-discard-label = Discard { $what }
ui-entries-discard-question = Discard it?
ui-entries-range = Range
ui-entries-this-week = This week
ui-entries-week = Week
ui-entries-sync-title = Send queued entries now
ui-entries-sync = Sync now
ui-entries-problem = Saved entries can't be shown now ({ $problem }). Entries waiting to be sent are below.
ui-entries-edit-label = Edit { $time } on { $task }
ui-entries-edit = Edit
ui-entries-delete-ask = Delete…
ui-entries-delete-label = Delete { $time } on { $task }
ui-entries-delete-question = Delete this entry?
ui-entries-delete-group = Confirm delete
ui-entries-delete = Delete
ui-entries-time-on-task = { $time } on { $task }
ui-entries-empty-today = Nothing logged today yet.
ui-entries-empty-week = Nothing logged this week yet.
ui-entries-other = Other changes waiting
ui-entries-loading = Loading entries…

## The window: the running timer

ui-timer-since = since { $started }
ui-lost-command = worktray

## The window: texts of the daemon's answers

ui-outcome-sent-message = Saved. Worksection says: { $message }
ui-outcome-sent = Saved to Worksection.
ui-outcome-parked = Worksection refused it: { $message }
ui-op-unknown-kind = Unknown "{ $kind }" entry
ui-op-unknown = Unknown entry
ui-op-add = { $amount } on { $date } — { $task }
ui-op-update = Change entry { $id }
ui-op-delete = Delete entry { $id }
ui-op-a-task = a task
ui-op-start = Start the timer on { $task }
ui-op-stop-on = Stop the timer on { $task }
ui-op-stop = Stop the timer
ui-op-discard = Discard the timer on { $task }
ui-op-schedule =
{ $count ->
    [one] Update { $count } day of the schedule
   *[other] Update { $count } days of the schedule
}
ui-queue-pending = { $count } pending
ui-queue-refused = { $count } refused
ui-sync-sent = Sent { $count }
ui-sync-pending = { $count } still pending
ui-sync-waiting = Waiting: { $reason }.
ui-away-reason-asleep = computer asleep
ui-away-reason-off = computer off
ui-away-summary = Away { $away } ({ $start }–{ $end }, { $reason })
ui-answer-keep = Kept the { $away } away on { $task } as work.
ui-answer-discard-split = Kept { $kept } of the { $minutes } away minutes on { $task } and left the rest out; the timer stopped.
ui-answer-discard = The { $away } away is left out; the timer on { $task } stopped.
ui-answer-continue-split = Kept { $kept } of the { $minutes } away minutes on { $task } and left the rest out; the timer goes on from now.
ui-answer-continue = The { $away } away is left out; the timer on { $task } goes on from now.
ui-written =
{ $state ->
    [sent] Logged { $what }
    [queued] Queued { $what }
   *[parked] Refused { $what }
}
ui-answer-given = Given to another task
ui-answer-assign-split = Kept { $kept } of the { $minutes } away minutes on { $task }; { $done }. The timer stopped.
ui-answer-assign = { $done }; the timer on { $task } stopped.
ui-answer-queued = Queued: { $reason }; it is sent when Worksection answers.
ui-saved-queued = Queued { $elapsed } · { $task }
ui-saved-entry = Saved { $elapsed } · { $task }
ui-booked-before =
{ $state ->
    [sent] Logged { $what }, before the start
    [queued] Queued { $what }, before the start
   *[parked] Refused { $what }, before the start
}

## Errors (the core's layer errors; the system's and Worksection's own words come as they are)

error-configuration = configuration: { $detail }
api-timer-already-started = a timer is already running in Worksection
api-timer-not-started = no timer is running in Worksection
api-field-required = Worksection needs { $field }
api-field-required-unnamed = Worksection needs a required field
api-token-expired = the Worksection sign-in has expired
api-unauthorized = Worksection refused the sign-in: { $message }
api-rate-limited = Worksection asked to slow down (too many requests)
api-rate-limited-until = Worksection asked to slow down (too many requests); try again at { $time }
api-network-timeout = cannot reach Worksection: no answer in time ({ $cause })
api-network-no-connection = cannot reach Worksection: no connection ({ $cause })
api-network-broken = cannot reach Worksection: the connection broke before the answer came ({ $cause })
api-network-sign-in = cannot reach Worksection: sign-in request failed: { $cause }
api-server = Worksection answered HTTP { $status }
api-decode = unexpected answer to { $action }: { $message } at { $path }
api-reported = Worksection: { $message }
api-reported-details = Worksection: { $message } ({ $details })
api-no-message = unknown error
api-http-client = cannot build the HTTP client: { $error }
io-reading = reading { $path }: { $error }
io-writing = writing { $path }: { $error }
io-creating = creating { $path }: { $error }
io-removing = removing { $path }: { $error }
io-replacing = replacing { $path }: { $error }
io-opening = opening { $path }: { $error }
io-locking = locking { $path }: { $error }
io-unlocking = unlocking { $path }: { $error }
io-moving-aside = moving the damaged { $path } aside: { $error }
io-listening = listening on { $path }: { $error }
io-listening-sign-in = cannot listen for the sign-in on { $address } (is another sign-in running?): { $error }
io-starting-window = cannot start the window ({ $program }): { $error }
io-starting-simulator = cannot start the demo's simulator: { $error }
io-starting-runtime = cannot start: { $error }
io-finding-program = cannot find the worktray program: { $error }
io-finding-port = cannot find a free port for the demo's sign-in: { $error }
io-reading-terminal = cannot read what was typed: { $error }
store-json-cut-short = it is empty or cut short
store-json-syntax = it is not valid JSON
store-json-data = a setting in it is missing or of the wrong kind
store-json-io = it cannot be read
store-lock-busy = another program has held Worktray's lock file { $path } for over { $seconds } s; try again, or end the other Worktray process
store-lock-task = { $what }: { $error }
store-sqlite = local database ({ $context }): { $error }
store-newer-schema = { $path } was written by a newer version of Worktray (schema version { $version }; this version knows up to { $known }). Update Worktray to use it; this version leaves it as it is
store-damaged-in-use = the local database { $path } is damaged, and another Worktray process has it open: quit Worktray (the tray's Quit), then run this again; the queued entries in it are carried over then
store-fresh-damaged = a new local database at { $path } cannot be used either: { $reason }
store-no-database = no local database for queued entries
store-unreadable-row = outbox row { $id } cannot be read by this version
store-row-of-other-kind = not a { $expected }
store-damaged-settings = { $path } is damaged ({ $error }); fix or delete it
store-damaged-account = { $path } is damaged: { $what } ({ $error }). Sign in again (tray → Sign in, or `worktray login`): that replaces it
keyring-locked = the system keyring is locked; unlock it (log in to your desktop session or open your keyring app) and try again
keyring-silent = the system keyring did not answer within { $seconds } s; if it asks to be unlocked, unlock it and try again
keyring-no-service = no system keyring is available ({ $cause }); on Linux start a Secret Service such as gnome-keyring or KeePassXC. Worktray never stores tokens in plain text
keyring-failed = the system keyring failed: { $cause }
keyring-call-lost = the keyring call did not finish: { $cause }
keyring-not-read-back = the sign-in could not be read back from the keyring
auth-never-signed-in = not signed in: sign in to Worksection first (tray → Sign in, or `worktray login`)
auth-signed-out = not signed in: { $reason }; sign in again (tray → Sign in, or `worktray login`). Entries you logged are kept and will be sent after you sign in
auth-not-signed-in = not signed in: { $reason }
auth-sign-in-refused = Worksection refused the sign-in: { $error }
auth-sign-in-refused-described = Worksection refused the sign-in: { $error } ({ $description })
auth-certificate = cannot make the sign-in certificate: { $error }
auth-certificate-unreadable = the sign-in { $what } in { $dir } is unreadable ({ $error }); delete the folder to make a new one
auth-tls = TLS setup: { $error }
session-signed-out-elsewhere = you signed out in another Worktray process
session-other-app = you signed in again, with another app, in another Worktray process
session-account-file-gone = another Worktray process changed the sign-in, and its account file is missing or damaged
session-renewal-refused = Worksection refused to renew the sign-in ({ $error })
session-renewal-refused-described = Worksection refused to renew the sign-in ({ $error }: { $description })
session-ended = the sign-in has ended
config-no-home = cannot find a home directory for Worktray's data
config-no-autostart-dir = cannot find the configuration directory for the autostart entry
config-account-url = "{ $text }" is not a valid account URL: { $error }
config-account-url-insecure = the account URL { $text } must use https:// (plain http is only allowed on this computer's loopback address)
config-api-endpoint = bad account URL: { $error }
config-sign-in-insecure = the sign-in address { $address } must use https:// (or http on loopback)
config-sign-in-endpoint = bad sign-in address: { $error }
ipc-socket = worktray daemon: { $detail }
ipc-bad-name = socket name { $path }: { $error }
ipc-not-running = no daemon at { $path }: { $error }
ipc-not-accepting = no daemon at { $path }: it takes no connections
ipc-encoding = cannot write the request: { $error }
ipc-sending = sending: { $error }
ipc-reading = reading: { $error }
ipc-closed = the daemon closed the connection without answering
ipc-bad-reply = bad reply: { $error }
ipc-unexpected-reply = unexpected reply from the daemon: { $reply }
ipc-already-served = another worktray daemon is already running at { $path }
ipc-daemon-silent = the Worktray tray did not answer within { $seconds } s; if it stays stuck, quit it (tray → Quit, or end the `worktray` process) and try again

## The command line's refusals (clap's errors, by kind; help.rs)

clap-error = error: { $message }
clap-unknown-argument = unexpected argument '{ $arg }' found
clap-tip-similar = tip: a similar one exists: '{ $similar }'
clap-invalid-value = invalid value '{ $value }' for '{ $arg }'
clap-possible-values = possible values: { $values }
clap-missing-required = the following required arguments were not provided: { $arg }
clap-invalid-subcommand = unrecognized subcommand '{ $subcommand }'
clap-argument-misused = the argument '{ $arg }' cannot be used this way here
clap-try-help = For more information, try '--help'.

## Signing in from the terminal, the demo, and writes set aside

cli-login-create-app = Create an app in Worksection: account settings → API → OAuth2 applications, with the redirect URI { $redirect_uri }. It gives a client id and a client secret.
cli-login-client-id = Client id
cli-login-client-secret = Client secret
cli-login-open-address = Open this address in a browser and approve Worktray; then wait here, or paste the address the browser ends on:
cli-login-opening-browser = Opening the Worksection sign-in page in your browser… (if it does not open, paste the address the browser ends on here)
cli-login-signed-in = Signed in as { $name } <{ $email }> on { $account }
cli-logged-out = Signed out. The keyring no longer holds Worktray's tokens or client secret.
cli-browser-not-opened = Could not open a browser ({ $error }). Open this address to sign in:
    { $url }
cli-demo-not-started = the demo could not start: { $error }
cli-demo-signed-in = Worktray demo: signed in as { $email } on the simulator at { $url }
cli-demo-try = Try the CLI against it:  { $command }
outbox-set-aside = set aside after { $tries ->
    [one] { $tries } try
   *[other] { $tries } tries
}, so that the writes behind it could go: { $error }
discard-timer-gone = that timer no longer runs; nothing was discarded

## The team config (`worktray team`, the sign-in view's drop)

team-unreadable = cannot read the team config { $path }: { $error }
team-not-json = { $path } is not a team config: it is not JSON ({ $error })
team-foreign = { $path } is not a Worktray team file; ask your account admin for the file `worktray team export` writes
team-newer = { $path } was written by a newer version of Worktray (team file version { $version }); update Worktray to read it
team-damaged = the team config { $path } is damaged: { $error }
team-invalid = the team config { $path } cannot be used: { $problem }
team-no-client-id = it has no client id
team-bad-redirect = its redirect URI "{ $uri }" is not an https:// address
team-no-scopes = it names no scopes
team-signed-in = you are signed in: sign out first to use another team's settings
team-nothing-to-export = nothing to export yet: sign in first, so that the account and its app are known
team-no-secret-kept = no client secret is kept to include: sign in again with it, or export without --with-secret
cli-team-imported = Sign-in settings of { $account } imported (client id { $client_id }).
cli-team-imported-secret = The client secret is in your keyring.
cli-team-next = Sign in from the window, or with `worktray login`.
cli-team-exported = Team config written to { $path }. Send it to your team: they open it with `worktray team import`, or drop it on Worktray's sign-in view.
cli-team-exported-secret = It holds the client secret: send it only to people who may sign in, and delete it once they have.
help-team = The team config (worktray-team.json) an account admin hands out, and its import
help-team-export = Write this sign-in's settings (account, client id, redirect URI, scopes) to a file for the team
help-team-export--with-secret = Include the client secret (the file is then readable by you alone)
help-team-export--output = The file to write (default: worktray-team.json here)
help-team-import = Fill the sign-in form from a team config an admin gave you
help-team-import--file = The team config, worktray-team.json
ui-team-drop = Have a worktray-team.json from your admin? Drop it here to fill in the form.
ui-team-imported = Settings of { $account } imported.
ui-team-imported-secret = Settings of { $account } imported, with the client secret.
ui-team-importing = Reading the team config…

## Days off and entries: ranges, amounts, project rules

range-reversed = the range ends ({ $to }) before it starts ({ $from })
days-off-range-too-long = mark at most a year of days at a time
days-off-show-range = show at most a year of days, from an earlier date to a later one
days-off-workday-no-weekend = "workday" marks work on a weekend day, and the range has no Saturday or Sunday
days-off-only-weekend = the range has only weekend days; add --include-weekends to mark them
days-off-refused = { $message }. Worksection may not let your role or this app's scopes change schedules: ask an account admin to mark the days, or sign in again with the users_write scope (worktray login --scopes "… users_write")
entries-range-too-long = ask for at most a year of entries at a time
entry-money-invalid = "{ $input }" is not an amount of money; write it like 120.50
entry-today-only = { $project } accepts time for today only (a project setting in Worksection); log it with today's date
entry-nothing-to-change = nothing to change: give a duration, comment, date or amount
entries-unknown-task = (unknown task)

## Naming a task

task-ref-empty = name a task: its id, its Worksection link, or words from its name
task-ref-project-link = "{ $link }" is a project link, not a task link (expected …/project/P/T/)

## The queue: what a queued write does, and what is wrong with one

queue-no-entry = there is no queued entry { $id }
queue-entry-unreadable = queued entry { $id } cannot be read by this version of Worktray: update Worktray to send it, or discard it
queue-entry-not-changeable = queued entry { $id } cannot be changed now (it is gone, or it may already have reached Worksection)
queue-row-column-unreadable = its { $column ->
    [created_at_ms] time
    [operation] operation
    [state] state
    [attempts] attempts
    [last_error] last error
    [maybe_applied] sending mark
    [baseline] baseline
    [next_attempt_ms] retry time
   *[other] { $column }
} is unreadable: { $error }
queue-row-state-unknown = its state "{ $state }" is unknown
queue-row-unreadable = this version of Worktray cannot read it ({ $problems }); it is kept as it is for a newer version: update Worktray, or discard it
op-update = change entry { $id }
op-delete = delete entry { $id }
op-a-task = a task
op-start = start the timer on { $task }
op-stop-at = stop the timer on { $task } at { $time }
op-stop-leaving-out = stop the timer on { $task } at { $time }, leaving out { $away } away
op-stop = stop the timer
op-discard = discard the timer on { $task }
op-schedule =
{ $count ->
    [one] update { $count } day of the schedule
   *[other] update { $count } days of the schedule
}
op-unknown-kind = an unknown "{ $kind }" entry
op-unknown = an unknown entry
timer-stopped-elsewhere = the timer on { $task } had already been stopped elsewhere
timer-saved-without-away = saved as { $time }, without the away time
timer-saved-until-stop = saved as { $time }, the time until you stopped it
timer-started-elsewhere = a timer on { $task } was started elsewhere meanwhile; Worktray did not stop it

## The timer: a start with --since, a refused start, an away answer that keeps too much

write-nothing = nothing to write
since-after-other-timer = the timer on { $task } started at { $time }, after that; start from { $time } or later, or discard that timer first
since-already-running = the timer already runs on { $task }; log the time before it started as an entry (worktray log)
start-refused-before-logged = { $message }; the { $time } before it are logged
since-under-a-minute = that is less than a minute ago: start the timer without --since
since-timer-only = { $project } accepts time from the timer only (a project setting in Worksection), so the minutes before now cannot be booked; start the timer without --since
away-keep-at-most = the away time was { $away }; keep at most that

## The daemon's socket

ipc-server-busy =
{ $count ->
    [one] the Worktray tray is busy with { $count } connection; try again in a moment
   *[other] the Worktray tray is busy with { $count } connections; try again in a moment
}
ipc-request-too-long = request too long: the limit is { $kib } KiB a line
ipc-request-malformed = malformed request: { $error }

## Settings the daemon refuses

settings-time-of-day = "{ $input }" is not a time of day; write it like 09:00
settings-work-hours-order = work hours must end after they start
settings-work-hours-after = remind after at least one minute without a timer
settings-long-timer-hours = the long-timer reminder needs at least one hour (or turn it off)
settings-keep-window-max =
{ $count ->
    [one] keep a closed window ready for at most { $count } second
   *[other] keep a closed window ready for at most { $count } seconds
}
settings-away-after-max =
{ $count ->
    [one] count away time after at most { $count } minute without input (or 0 for never)
   *[other] count away time after at most { $count } minutes without input (or 0 for never)
}
settings-pinned-max =
{ $count ->
    [one] pin at most { $count } task
   *[other] pin at most { $count } tasks
}

## The local database, repaired

db-recovered = the local database { $path } was damaged ({ $reason }); it was moved to { $moved_to } and a new one started with { $count ->
    [one] the { $count } queued entry
   *[other] the { $count } queued entries
} that could be read
db-recovered-partly = the local database { $path } was damaged ({ $reason }); it was moved to { $moved_to } and a new one started with { $count ->
    [one] the { $count } queued entry
   *[other] the { $count } queued entries
} that could be read (part of it could not be read)

## Signing in: the app's details, the listener, what was pasted

sign-in-redirect-not-local = { $redirect_uri } is not on this computer; paste the redirected URL instead
sign-in-redirect-not-local-paste = the redirect URI { $redirect_uri } is not on this computer, so Worktray cannot receive the sign-in; use `worktray login` to paste the redirected address
sign-in-listener-stopped = the sign-in listener stopped
sign-in-redirect-not-url = the redirect URI "{ $redirect_uri }" is not a URL: { $error }
sign-in-redirect-not-https = the redirect URI { $redirect_uri } must start with https://
sign-in-client-id-empty = the client id is empty; copy it from Worksection: account settings → API
sign-in-client-secret-empty = the client secret is empty; copy it from Worksection: account settings → API
session-renewed-not-saved = Worksection renewed the sign-in, but the system keyring did not take the new tokens ({ $error }). They are kept in memory only and offered to the keyring again every minute; if Worktray quits before it takes them, you will have to sign in again
sign-in-paste-empty = paste the address the browser was sent to, or the code in it
sign-in-paste-not-address = that is not the redirected address: { $error }
sign-in-paste-other-attempt = that address belongs to a different sign-in attempt; use the newest one
sign-in-paste-no-code = the address has no code
sign-in-paste-not-code = that does not look like a code; paste the whole redirected address
sign-in-timed-out =
{ $minutes ->
    [one] the sign-in was not completed within { $minutes } minute; start it again
   *[other] the sign-in was not completed within { $minutes } minutes; start it again
}

## The tray daemon

daemon-not-signed-in-yet = not signed in yet: open Worktray and sign in to Worksection
daemon-not-signed-in = not signed in
daemon-signed-out = signed out; sign in again to track time
daemon-already-running = worktray is already running; its window is open.
daemon-no-sign-in-waiting = no sign-in is waiting for an address; start signing in first
tray-no-desktop = no desktop to show the tray on: { $error }
tray-icon-not-created = cannot create the tray icon: { $error }

## Global shortcuts the tray refuses

shortcut-purpose-picker = the task picker
shortcut-purpose-log-time = log time
shortcut-invalid = "{ $shortcut }" is not a shortcut ({ $error }); write it like ctrl+alt+KeyT
shortcut-twice = { $shortcut } cannot open both { $other } and { $purpose }; choose two different shortcuts
shortcut-wayland = this Wayland desktop does not let applications grab global shortcuts; bind `worktray open picker` or `worktray open log` to a key in your desktop's keyboard settings instead
shortcut-unavailable = global shortcuts are not available here: { $error }
shortcut-taken = { $shortcut } cannot be used (another program may hold it): { $error }

## The presence sources: why one does not work, what each watches (worktray doctor), the sleep inhibitor's reason

presence-no-display = no DISPLAY
presence-xwayland = DISPLAY is XWayland in a Wayland session: its idle time counts only input to X11 windows
presence-no-x-server = cannot connect to the X display { $display }: { $error }
presence-no-screen = the X display { $display } has no screen { $screen }
presence-no-screen-saver = the X server has no MIT-SCREEN-SAVER extension
presence-no-bus = no { $bus ->
    [session] session
   *[system] system
} bus: { $error }
presence-not-on-bus = { $name } is not on the { $bus ->
    [session] session
   *[system] system
} bus
presence-no-session = logind knows no session of this process ({ $error }), and XDG_SESSION_ID is not set
presence-failed = { $what } failed: { $error }
presence-inhibit-why = Stop the timer before the computer sleeps
doctor-works-used = works (used)
doctor-works-not-needed = works (not needed: an earlier idle source works)
doctor-does-not-work = does not work: { $reason }
doctor-missing-idle = no idle time: away time comes only from locks and sleeps
doctor-missing-lock = no screen lock is seen
doctor-missing-sleep = sleep is seen only afterwards, as a jump of the clock
doctor-watches-x11-idle = the idle time of the X11 display (MIT-SCREEN-SAVER)
doctor-watches-mutter-idle = the idle time of GNOME (org.gnome.Mutter.IdleMonitor)
doctor-watches-screensaver-idle = the idle time of org.freedesktop.ScreenSaver
doctor-watches-screensaver-lock = the screen lock of org.freedesktop.ScreenSaver
doctor-watches-gnome-screensaver-lock = the screen lock of org.gnome.ScreenSaver
doctor-watches-logind-lock = the lock of the logind session
doctor-watches-logind-sleep = suspend and shutdown (logind), with a delay inhibitor
