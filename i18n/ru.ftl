### Сообщения Worktray на русском. Идентификаторы те же, что в en.ftl (это проверяет тест).

## Общие слова

status-idle = Таймер не запущен
status-offline = нет соединения
status-slow-down = Worksection попросил замедлиться; следующая попытка в { $time }
plural-hours = { $count ->
    [one] { $count } час
    [few] { $count } часа
   *[many] { $count } часов
}
plural-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
plural-entries = { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
}
duration-minutes = { $minutes } мин
duration-hours = { $hours } ч
duration-hours-minutes = { $hours } ч { $minutes } мин
weekday-mon = пн
weekday-tue = вт
weekday-wed = ср
weekday-thu = чт
weekday-fri = пт
weekday-sat = сб
weekday-sun = вс
month-short = { $month ->
    [1] янв.
    [2] февр.
    [3] мар.
    [4] апр.
    [5] мая
    [6] июн.
    [7] июл.
    [8] авг.
    [9] сент.
    [10] окт.
    [11] нояб.
   *[12] дек.
}
date-day = { $weekday }, { $day } { $month }
date-day-year = { $weekday }, { $day } { $month } { $year }
mark-vacation = отпуск
mark-sick-leave = больничный
mark-workday = рабочий день (выходной)
mark-unset = отметка снята
away-reason-idle = без ввода
away-reason-locked = экран заблокирован
away-reason-asleep = сон
away-reason-off = компьютер выключен или Worktray не работал

## Что вводят люди

parse-duration-empty = длительность пуста; пишите 1:30, 1 ч 30 мин, 90 мин, 1,5 ч, 0,25 или 45 (минуты)
parse-duration-invalid = «{ $input }» — не длительность; пишите 1:30, 1 ч 30 мин, 90 мин, 1,5 ч, 0,25 или 45 (минуты)
parse-duration-colon-minutes = в «{ $input }» { $minutes } мин; после двоеточия пишите от 00 до 59
parse-duration-zero = «{ $input }» — это ноль; введите хотя бы одну минуту
parse-duration-too-long = «{ $input }» — это { $length }, дольше суток; разбейте на записи не длиннее 24:00
parse-since-not-clock = «{ $input }» — не время суток: укажите время сегодня (9:30) или сколько назад (25 мин, 1 ч 30 мин)
parse-since-invalid = «{ $input }» — не время: укажите время сегодня (9:30) или сколько назад (25 мин, 1 ч 30 мин)
parse-since-later = { $time } — позже, чем сейчас: укажите время, когда вы начали
parse-since-before-today = { $when } — раньше сегодняшнего дня: запишите это время отдельной записью (worktray log)
parse-date-invalid = «{ $input }» — не дата; пишите сегодня, вчера, завтра, день недели (пн, вторник), ДД.ММ.ГГГГ или ГГГГ-ММ-ДД
entry-in-future = { $date } ещё не наступил; записывайте время, которое вы уже отработали
entry-money-and-rate = укажите сумму или почасовую ставку, но не то и другое
entry-nothing = ничего
entry-preview = { $duration } на { $date } — { $task }
entry-preview-comment = { $duration } на { $date } — { $task } · «{ $comment }»
input-timer-only = { $project } принимает время только с таймера (настройка проекта в Worksection); запустите таймер на задаче
input-task-not-found = ни одна открытая задача не подходит под «{ $query }»
input-task-ambiguous = под «{ $query }» подходят { $count ->
    [one] { $count } задача
    [few] { $count } задачи
   *[many] { $count } задач
}; уточните или укажите номер задачи
input-day-off-vacation = сегодня в вашем расписании в Worksection отпуск; всё равно запустить таймер?
input-day-off-sick = сегодня в вашем расписании в Worksection больничный; всё равно запустить таймер?
input-away-timer-gone = таймер на { $task } уже не идёт; исправьте его запись в «Записях»
input-no-away = нет отсутствия, ждущего ответа
input-no-away-number = нет отсутствия с номером { $id }, ждущего ответа

## Почему запись ждёт в очереди (QueueReason ядра; CLI и окно)

queue-slow-to-answer = Worksection долго не отвечает
queue-on-its-way = уже в пути; Worksection принимает один запрос в секунду
queue-not-sent-yet = ещё не отправлено
queue-waiting-for-earlier = ждёт отправки предыдущих записей
queue-waiting-to-retry = ждёт повторной попытки
queue-other-process = очередь сейчас отправляет другой процесс Worktray
queue-closing = Worktray закрывается; остальное будет отправлено при следующем запуске
queue-still-sending = отправка идёт уже { $seconds } с; остальное уйдёт в фоне, пока работает трей, или при следующем `worktray sync`

## Командная строка

cli-task-number = задача { $id }
cli-status-away = отсутствие { $away } ({ $start }–{ $end }) ждёт ответа: worktray away keep|discard|continue|assign
cli-status-queue = очередь: { $pending } ожидают · { $parked } отклонено{ $parked ->
    [0] {""}
   *[other] {" "}(см. `worktray sync`)
}
cli-queued-unreadable = нечитаемая №{ $id }: { $what } — { $problem }
cli-queued-refused = отклонено №{ $id }: { $what } — { $problem }
cli-queued-pending = в очереди: { $what }
cli-queued-pending-because = в очереди: { $what } ({ $problem })
cli-whoami = { $name } <{ $email }> в { $account }
cli-whoami-role = { $name } <{ $email }> ({ $role }) в { $account }
cli-stopped-saved = Остановлено { $what } (сохранено)
cli-stopped-queued = Остановлено { $what } — в очереди ({ $reason }); Worksection получит это, как только будет доступен
cli-already-running = Уже идёт:
cli-start-queued = в очереди ({ $reason }); отсчёт идёт с этого момента, и Worksection получит его, как только сможет
cli-before-start-logged = + { $what } до запуска, записано
cli-before-start-queued = + { $what } до запуска, в очереди ({ $reason }); будет отправлено, как только Worksection будет доступен
cli-before-start-refused = ✗ Worksection отклонил { $what } до запуска: { $message } (сохранено; см. `worktray sync`)
cli-would-log = Будет записано { $what }
cli-logged = ✓ Записано { $what }
cli-logged-queued = ✓ В очереди { $what } ({ $reason }); запись сохранена и будет отправлена, как только Worksection будет доступен
cli-logged-refused = ✗ Worksection отклонил { $what }: { $message } (сохранено; см. `worktray sync`)
cli-given-logged = + Записано { $what }
cli-given-queued = + В очереди { $what } ({ $reason })
cli-write-queued = в очереди ({ $reason }); Worksection получит это, как только будет доступен
cli-discarded = Таймер отменён (ничего не сохранено)
cli-no-away = Нет отсутствия, ждущего ответа.
cli-no-tasks = Ни одна открытая задача не подходит.
cli-away-line = отсутствие { $away } ({ $start }–{ $end }, { $reason }) на { $task }
cli-away-kept = Отсутствие { $away } оставлено на { $task }
cli-away-left-out = { $task } остановлено; время отсутствия не учтено
cli-away-continued = Время отсутствия не учтено на { $task }; таймер идёт дальше
cli-day-queued = в очереди: { $mark }
cli-no-days-off = Нет выходных с { $from } по { $to }.
cli-days-marked = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
} { $span } как { $mark }
cli-days-off-marked = ✓ Отмечено { $what }
cli-days-off-queued = ✓ В очереди: отметить { $what } ({ $reason }); будет отправлено, как только Worksection будет доступен
cli-days-off-refused = ✗ Worksection не дал отметить { $what }: { $message }
cli-no-entries = Нет записей с { $from } по { $to }.
cli-entry-timer = таймер
cli-entry-pending = в очереди
cli-entry-refused = отклонено: { $problem }
cli-total = Итого
cli-sync-summary = Отправлено { $sent } · { $pending } в очереди · { $refused } отклонено{ $unreadable ->
    [0] {""}
   *[other] {" "}· { $unreadable } нечитаемых
}
cli-sync-waiting = ждёт: { $reason }
cli-cannot-start = не удаётся запуститься: { $error }
cli-cannot-write-json = не удаётся вывести JSON: { $error }
cli-tray-not-running = Worktray не запущен; запустите его командой `worktray`
bar-not-running = Worktray не запущен
cli-use-anyway = добавьте --anyway, чтобы запустить

## Меню в трее и подсказка

menu-signed-out = Вы вышли — войдите, чтобы учитывать время
menu-offline = нет соединения
menu-start-since-back = Запустить { $task } с { $since } ({ $minutes } мин назад)
menu-away = Отсутствие { $away } — решить…
menu-queue-pending = { $count } ждут отправки
menu-queue-refused = { $count } отклонено Worksection
menu-sign-in = Войти…
menu-quit = Выйти из Worktray
menu-stop = Остановить
menu-stop-with-comment = Остановить с комментарием…
menu-discard = Отменить (не сохранять)
menu-open-task = Открыть задачу в Worksection
menu-start-on = Запустить на
menu-start-other = Запустить на другой задаче…
menu-log-time = Записать время…
menu-entries = Записи…
menu-days-off = Выходные…
menu-sick-today = Я сегодня болею
menu-open-window = Открыть Worktray…
menu-refresh = Обновить сейчас
menu-settings = Настройки…
menu-sign-out = Выйти из учётной записи

## Уведомления

notice-started-elsewhere = Таймер запущен в другом месте
notice-stopped-elsewhere = Таймер остановлен в другом месте
notice-stopped-elsewhere-body = { $task } — сохранено в Worksection
notice-running-long = Таймер всё ещё идёт
notice-running-long-body = { $task } идёт уже { $elapsed }. Вы всё ещё над этим работаете?
notice-no-timer = Таймер не запущен
notice-no-timer-body = Таймер не идёт уже { $minutes } мин вашего рабочего времени. Запустите его из трея или запишите время позже.
notice-sign-in-again = Войдите в Worksection снова
notice-sign-in-again-body = { $reason }. Ваши записи сохранены и будут отправлены после входа.
notice-sign-in-not-saved = Хранилище паролей не приняло вход
notice-queue-flushed = Записи отправлены
notice-queue-flushed-body = { $count ->
    [one] { $count } запись из очереди дошла до Worksection.
    [few] { $count } записи из очереди дошли до Worksection.
   *[many] { $count } записей из очереди дошли до Worksection.
}
notice-entry-refused = Worksection отклонил запись
notice-entry-refused-body = { $what }: { $message }. Откройте Worktray, чтобы исправить, повторить или отменить её.
notice-database-recovered = Локальная база данных восстановлена
notice-away-question = Отсутствие { $away } — это была работа?
notice-away-question-body = Таймер на { $task } шёл, пока вас не было ({ $start }–{ $end }).
notice-away-left-out = Отсутствие { $away } не учтено
notice-away-left-out-body = { $start }–{ $end } не засчитано на { $task }; таймер идёт дальше.
notice-started-on-day-off = Сегодня в Worksection отмечен { $kind ->
        [sick] больничный
       *[vacation] отпуск
    }
notice-started-on-day-off-body = Таймер на { $task } идёт. Отмените его, если сегодня не работаете.
notice-decide-in-menu = Решите, что это было, в меню в трее.
notice-action-stop = Остановить таймер
notice-action-stop-at = Остановить на последней активности ({ $time })
notice-action-keep-running = Пусть идёт
notice-action-discard = Отменить таймер
notice-action-keep = Оставить
notice-action-leave-out = Не учитывать
notice-action-continue = Не учитывать и продолжить
notice-action-decide = Решить…

## worktray --help

help-usage = Использование:
help-heading-commands = Команды
help-heading-arguments = Аргументы
help-heading-options = Параметры
help-worktray = Учёт времени в Worksection из трея и терминала
help-arg--help = Показать справку
help-arg--version = Показать версию
help-arg--json = Вывести JSON вместо текста
help-arg--no-window = Не открывать окно при запуске
help-arg--id = Номер, который показывает `worktray away` (по умолчанию: самое новое)
help-arg--minutes = Оставить первые N минут отсутствия на задаче таймера
help-help = Показать эту справку или справку указанной команды
help-help--subcommand = Команда, справку которой показать
help-daemon = Запустить фоновую службу в трее (по умолчанию, если команда не указана)
help-demo = Запустить всё приложение на встроенном симуляторе Worksection с демо-учётной записью
help-demo--port = Порт симулятора (0 — выбрать свободный)
help-login = Войти в Worksection (OAuth2). Секрет клиента берётся из WORKTRAY_CLIENT_SECRET, хранилища паролей или запроса
help-login--client-id = Идентификатор клиента приложения (Worksection: настройки учётной записи → API)
help-login--redirect-uri = URI перенаправления, зарегистрированный для приложения, в точности
help-login--scopes = Разрешения, которые запросить, через пробел или запятую
help-login--no-browser = Вывести адрес входа вместо открытия браузера; вставьте сюда адрес перенаправления, если браузер не может достучаться до этого компьютера
help-logout = Выйти: удалить токены и секрет клиента из хранилища паролей
help-open = Открыть окно запущенного трея на нужном разделе (для сочетания клавиш рабочего стола)
help-open--view = Раздел, который открыть
help-whoami = Кто вошёл
help-status = Текущий таймер. Бесплатно, когда служба работает: она отвечает из памяти
help-status--refresh = Спросить сервер вместо последнего известного состояния службы
help-status--format = Для панели состояния (waybar, polybar, i3blocks, plain): отвечает запущенный Worktray, без запросов к API
help-start = Запустить таймер на задаче: номер, ссылка на задачу в Worksection или слова из её названия. Таймер на другой задаче сначала останавливается (и сохраняется)
help-start--task = Задача: номер, ссылка или слова из названия
help-start--anyway = Запустить даже в день, отмеченный как отпуск или больничный
help-start--since = Вы забыли запустить таймер: когда начали — время сегодня (9:30) или сколько назад (25 мин, 1 ч 30 мин). Таймер запускается сейчас, а минуты с того времени записываются на задачу; таймер на другой задаче тогда останавливается
help-stop = Остановить таймер; Worksection сохранит время как запись затрат
help-stop--comment = Комментарий к сохранённому времени
help-discard = Отменить текущий таймер без сохранения
help-log = Записать отработанное время: ДЛИТЕЛЬНОСТЬ на ЗАДАЧУ. Безопасно даже без сети: запись встаёт в очередь и отправляется, как только Worksection доступен
help-log--duration = Сколько: 1:30, 1 ч 30 мин, 90 мин, 1,5 ч или 45 (минуты)
help-log--task = Задача: номер, ссылка или слова из названия
help-log--date = сегодня (по умолчанию), вчера, день недели, ДД.ММ.ГГГГ или ГГГГ-ММ-ДД
help-log--comment = Комментарий к записи
help-log--money = Сумма денег, которую записать вместе со временем
help-log--rate = Записать деньги по моей почасовой ставке
help-log--dry-run = Только показать, как понята запись; ничего не отправлять
help-entries = Мои записи по дням с итогами; отмечены ждущие в очереди и отклонённые
help-entries--today = Записи за сегодня (по умолчанию)
help-entries--week = Записи за эту неделю
help-entries--from = Первый день списка (вместе с --to)
help-entries--to = Последний день списка (вместе с --from)
help-sync = Отправить записи из очереди сейчас и показать, что ждёт, отправлено и отклонено
help-days-off = Мои выходные (отпуск, больничный, рабочие выходные); `days-off set` отмечает их
help-days-off--from = Первый день списка (по умолчанию: первое число этого месяца)
help-days-off--to = Последний день списка (по умолчанию: конец следующего месяца)
help-days-off-set = Отметить ДИАПАЗОН (дата или Д..Д: сегодня, пн, 24.12.2026, 2026-12-24) как ВИД
help-days-off-set--range = День или диапазон Д..Д
help-days-off-set--kind = vacation (отпуск), sick-leave (больничный), workday (работа в выходной) или unset (снять отметку)
help-days-off-set--include-weekends = Отмечать отпуском или больничным также субботы и воскресенья
help-tasks = Список моих открытых задач, при желании — только подходящих под ЗАПРОС
help-tasks--query = Слова из названия задачи или проекта
help-away = Отсутствие, через которое прошёл таймер (экран заблокирован, компьютер спал, не было ввода), ждущее ответа; ответ — `away keep|discard|continue|assign`
help-away-keep = Это была работа: оставить на таймере
help-away-discard = Не работа: остановить таймер и не учитывать отсутствие в записи
help-away-continue = Как discard, а затем снова запустить таймер на той же задаче
help-away-assign = Это была работа над ЗАДАЧЕЙ (совещание): остановить таймер без времени отсутствия и записать это время на ЗАДАЧУ
help-away-assign--task = Задача, на которую ушло время отсутствия
help-doctor = Какие источники бездействия, блокировки экрана и сна работают на этом рабочем столе и почему другие нет
help-completions = Вывести скрипт автодополнения для оболочки SHELL (пакеты устанавливают его сами)
help-completions--shell = bash, zsh или fish
help-package-files = Записать в папку DIR то, что пакеты устанавливают рядом с программами: страницы man, автодополнение оболочек, пункт меню приложений
help-package-files--dir = Папка, куда их записать

## What the packages install (`worktray package-files`): the app menu entry (its keywords end with a semicolon) and the window's man page

desktop-generic-name = Учёт времени
desktop-comment = Учёт времени в Worksection из трея
desktop-keywords = время;учёт;таймер;табель;worksection;
man-window-name = окно Worktray, которое запускает трей
man-window-description = Трей (worktray) запускает эту программу, когда вы открываете его окно, и она завершается, когда вы окно закрываете. Собственного входа у неё нет: всё, что она показывает и делает, идёт через запущенный трей. Запущенная без трея, она сообщает об этом и завершается.

## Страницы входа (их показывает браузер)

signin-page-not-found = Не найдено
signin-page-not-found-text = Этот адрес только принимает вход в Worktray.
signin-page-expired = Ссылка для входа устарела
signin-page-expired-text = Она не относится ко входу, которого ждёт Worktray. Начните вход снова из Worktray.
signin-page-cancelled = Вход отменён
signin-page-cancelled-text = Worktray не получил доступа. Эту вкладку можно закрыть.
signin-page-done = Вы вошли
signin-page-done-text = Worktray подключён к Worksection. Эту вкладку можно закрыть.
signin-page-no-code = Нет кода авторизации
signin-page-no-code-text = Worksection не прислал код. Начните вход снова из Worktray.

## The window: the shell

ui-tab-timer = Таймер
ui-tab-log = Записать время
ui-tab-entries = Записи
ui-tab-days-off = Выходные
ui-view-account = Учётная запись
ui-view-settings = Настройки
ui-view-away = Отсутствие
app-name = Worktray
ui-views = Разделы
ui-not-signed-in = Вход не выполнен
ui-account-button = Учётная запись и вход
ui-refresh-button = Проверить Worksection сейчас
ui-connection-daemon-lost = Служба не работает
ui-connection-online = На связи
ui-connection-offline = Нет соединения
ui-connection-signed-out = Вход не выполнен
ui-connection-unknown = Соединение…
ui-connection = Соединение: { $state }

## The window: account and sign-in

ui-sign-in = Вход
ui-signed-in-as = Вы вошли как
ui-sign-out-ask = Выйти…
ui-sign-out-question = Выйти? Записи в очереди останутся и будут отправлены после нового входа.
ui-sign-out-confirm-group = Подтверждение выхода
ui-sign-out = Выйти
ui-cancel = Отмена
ui-sign-in-with = Войти через Worksection
ui-sign-in-title = Вход в Worksection
ui-sign-in-again-title = Войти снова
ui-sign-in-step-app = Попросите администратора аккаунта Worksection создать приложение (Настройки учётной записи → API → OAuth2-приложения) с URI перенаправления в точности как ниже.
ui-sign-in-step-copy = Скопируйте сюда ID клиента и секрет приложения и войдите: браузер откроет Worksection для подтверждения.
ui-sign-in-step-certificate = В первый раз браузер предупредит о сертификате localhost: Worktray создаёт собственный, чтобы получить ответ Worksection на этом компьютере, и больше ни у кого его нет. Примите его один раз.
ui-client-id = ID клиента
ui-client-secret = Секрет клиента
ui-client-secret-keep = Оставьте пустым, чтобы сохранить имеющийся
ui-client-secret-note = Секрет хранится в вашем хранилище паролей; вводите новый, только чтобы заменить его.
ui-redirect-uri = URI перенаправления
ui-scopes = Разрешения
ui-keyring-reading = Читаю хранилище паролей…
ui-keyring-retry = Попробовать хранилище паролей ещё раз
ui-sign-in-waiting-browser = Жду браузер…
ui-sign-in-waiting = Разрешите доступ Worktray на странице Worksection, открывшейся в браузере; это окно продолжит само. (Через 10 минут вход отменяется.)
ui-paste-title = Вставьте адрес входа
ui-paste-label = Если браузер не может достучаться до этого компьютера, вставьте адрес, на котором он остановился (или код)
ui-paste-use = Использовать
ui-signed-in-done = Вы вошли как { $name }.
ui-sign-in-again = Войти снова или с другим приложением…
ui-back-to-timer = Назад к таймеру

## The window: away time

ui-away-kept-invalid = Введите, сколько минут отсутствия были работой: целое число от 1 до { $max }.
ui-away-on = на
ui-away-ask = Что это было за время?
ui-away-split = Только часть была работой
ui-away-kept-label = Минуты отсутствия, которые были работой над { $task }
ui-away-kept-of = из { $minutes } мин отсутствия были работой над этой задачей
ui-away-answers = Ответы
ui-away-keep = Оставить
ui-away-keep-why = это была работа
ui-away-discard =
{ $split ->
    [yes] Не учитывать остальное
   *[no] Не учитывать
}
ui-away-stop-why = и остановить таймер
ui-away-continue =
{ $split ->
    [yes] Не учитывать остальное и продолжить
   *[no] Не учитывать и продолжить
}
ui-away-continue-why = таймер идёт дальше с этого момента
ui-away-assign =
{ $split ->
    [yes] Отдать остальное другой задаче…
   *[no] Отдать другой задаче…
}
ui-away-give-to = Отдать время отсутствия задаче
ui-away-none = Нечего решать: никакое отсутствие не ждёт ответа.
ui-away-later = Решить позже

## The window: days off

ui-days-marked =
{ $count ->
    [one] Отмечен { $count } день.
    [few] Отмечено { $count } дня.
   *[many] Отмечено { $count } дней.
}
ui-outcome-queued = В очереди: { $reason }. Данные сохранены и будут отправлены, как только Worksection ответит.
ui-days-pick = Выберите день или диапазон (Shift+клик или перетаскивание).
ui-days-selection =
{ $span } · { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}{ $weekends ->
    [0] {""}
   *[other] , из них выходных: { $weekends }
}
ui-month-previous = Предыдущий месяц
ui-month-next = Следующий месяц
ui-days-legend = Условные обозначения
ui-day-vacation-short = отп
ui-day-sick-short = бол
ui-day-workday-short = раб
ui-day-vacation = Отпуск
ui-day-sick = Больничный
ui-day-workday = Рабочий день
ui-day-pending = Ещё не отправлено
ui-day-today = Сегодня
ui-days-mark-group = Отметить выбранные дни
ui-day-workday-title = Работа в субботу или воскресенье; выберите выходной день, чтобы отметить
ui-day-clear = Снять
ui-days-include-weekends = Учитывать выходные в отпуске и больничном
ui-days-refused = Изменение расписания отклонено (повторите или отмените его в «Записях»): { $reason }
ui-no-reason = причина не указана

## The window: the calendar

ui-day-workday-lower = рабочий день
ui-day-clear-short = снять
ui-day-clearing-pending = снятие, ещё не отправлено
ui-day-mark-pending = { $mark }, ещё не отправлено
ui-day-today-lower = сегодня
ui-day-weekend = выходной

## The window: settings

ui-settings-picker-shortcut = Глобальное сочетание клавиш для выбора задачи
ui-settings-log-shortcut = Глобальное сочетание клавиш для записи времени
ui-settings-away-ask = Спросить меня, что это было
ui-settings-away-keep = Считать работой
ui-settings-away-discard = Не учитывать
ui-settings-language-auto = Как на рабочем столе
language-en = English
language-uk = Українська
language-ru = Русский
ui-settings-language = Язык
ui-settings-hours-invalid = Для напоминания нужно целое число часов, не меньше 1.
ui-settings-after-invalid = Для напоминания в рабочее время нужно целое число минут, не меньше 1.
ui-settings-keep-invalid = Держать закрытое окно наготове можно целое число секунд, от 0 до { $max }.
ui-settings-away-invalid = Отсутствие начинается после целого числа минут, от 0 до { $max }.
ui-settings-loading = Загружаю настройки…
ui-settings-preferences = Параметры
ui-settings-long-timer = Напомнить, когда таймер идёт дольше чем
ui-settings-long-timer-hours = Часы до напоминания
ui-settings-hours =
{ $count ->
    [one] час
    [few] часа
   *[many] часов
}
ui-settings-work-hours = Напоминание в рабочее время
ui-settings-work-hours-on = Напомнить, когда в рабочее время таймер не идёт
ui-settings-work-start = Начало рабочего времени
ui-settings-work-to = до
ui-settings-work-end = Конец рабочего времени
ui-settings-work-after = после
ui-settings-work-after-label = Минуты без таймера до напоминания
ui-settings-minutes-without-timer = мин без таймера
ui-settings-work-hours-note = Только в будни; в выходные молчит.
ui-settings-away-after = Отсутствие после
ui-settings-minutes-without-input = мин без ввода
ui-settings-away-time = Когда во время него шёл таймер
ui-settings-stop-on-sleep = Останавливать таймер, когда компьютер засыпает
ui-settings-away-note = Заблокированный экран и спящий компьютер тоже считаются отсутствием. 0 выключает учёт отсутствия.
ui-settings-start-at-login = Запускать Worktray при входе в систему
ui-settings-keep-window = Держать закрытое окно наготове
ui-settings-seconds = с
ui-settings-keep-note = Тогда окно открывается мгновенно, но пока ждёт, занимает около 200 МБ. 0 освобождает память сразу.
ui-settings-shortcut-placeholder = напр. { $example } — пусто, если не нужно
ui-settings-pinned = Закреплённые задачи
ui-settings-unpin-label = Открепить { $task }
ui-settings-unpin = Открепить
ui-settings-no-pinned = Нет закреплённых задач. Отметьте задачу звёздочкой в списке, чтобы закрепить.
ui-saved = Сохранено
ui-close = Закрыть
ui-save = Сохранить

## The window: log time

ui-log-task = Задача
ui-log-change = Изменить
ui-log-entry = Запись времени
ui-log-duration = Длительность
ui-log-duration-placeholder = 1:30 или 1 ч 30 мин
ui-log-date = Дата
ui-log-today = сегодня
ui-log-yesterday = вчера
ui-log-date-hint = Даты: сегодня, вчера, пн, ДД.ММ.ГГГГ
ui-log-comment = Комментарий
ui-log-comment-placeholder = Что вы делали?
ui-log-money = Деньги
ui-log-money-rate = по моей почасовой ставке
ui-log-money-placeholder = необязательно, напр. 120,50
ui-log-rate = По моей почасовой ставке
ui-log-reading = Читаю…
ui-log-pick-task = Выберите задачу, затем введите, сколько вы работали.
ui-log-type-duration = Введите, сколько вы работали.
ui-log-logging = Записываю…
ui-log-refused-hint = Исправьте то, что сказано, и запишите снова, или повторите либо отмените запись в «Записях».

## The window: the timer

ui-away-banner = Отсутствие { $away }
ui-queued-because = В очереди: { $reason }
ui-day-off-ask = Запустить в выходной?
ui-start-anyway = Всё равно запустить
ui-queue-go = Записи →
ui-since-switched = Переключились раньше?
ui-since-started = Начали раньше?
ui-since-placeholder = 9:30 или 25 мин
ui-since-title = Когда вы на самом деле начали: время сегодня (9:30) или сколько назад (25 мин). Минуты с того времени запишутся на задачу, которую вы запустите.
ui-back-since = С { $since }, когда вы вернулись ({ $minutes } мин назад)
ui-switch-task = Сменить задачу
ui-start-task = Запустить задачу
ui-timer-running = Текущий таймер
ui-timer-badge = Идёт
ui-timer-elapsed = Прошло { $elapsed }
ui-timer-comment = Комментарий к этой записи
ui-timer-comment-placeholder = Что вы делали? (необязательно)
ui-timer-discard-ask = Отменить…
ui-timer-discard-question = Отменить { $elapsed } без сохранения?
ui-timer-discard-group = Подтверждение отмены
ui-timer-discard = Отменить
ui-timer-discard-keep = Оставить

## The window: tasks, notices, entries

ui-picker-search-placeholder = Поиск среди моих задач…
ui-picker-search = Поиск среди моих задач
ui-picker-list = Мои открытые задачи
ui-picker-pin-label = Закрепить { $task }
ui-picker-unpin-title = Открепить (Ctrl+D)
ui-picker-pin-title = Закрепить наверху и в меню трея (Ctrl+D)
ui-picker-loading = Загружаю задачи…
ui-picker-no-match = Ни одна открытая задача не подходит под «{ $query }»
ui-picker-none = Нет открытых задач
ui-lost-title = Worktray не работает
ui-lost-hint-before = Запустите его из меню приложений или командой
ui-lost-hint-after = , а затем снова откройте это окно. Оно сейчас закроется.
ui-dismiss = Закрыть
ui-candidates = Подходящие задачи
ui-edit-entry = Редактировать запись
ui-entry-timer-title = Сохранено таймером

## The window: entries

ui-entries-saved = Сохранено.
ui-entries-deleted = Удалено.
ui-entries-discarded = Отменено.
ui-entry-pending = В очереди
ui-entry-refused = Отклонено
ui-entry-unreadable = Нечитаемая
ui-entries-retry-label = Повторить отправку: { $what }
ui-entries-retry = Повторить
ui-entries-discard-label = Отменить: { $what }
ui-entries-discard-question = Отменить?
ui-entries-range = Период
ui-entries-this-week = Эта неделя
ui-entries-week = Неделя
ui-entries-sync-title = Отправить записи из очереди сейчас
ui-entries-sync = Отправить сейчас
ui-entries-problem = Сохранённые записи сейчас не показать ({ $problem }). Записи, ждущие отправки, ниже.
ui-entries-edit-label = Редактировать { $time } на { $task }
ui-entries-edit = Изменить
ui-entries-delete-ask = Удалить…
ui-entries-delete-label = Удалить { $time } на { $task }
ui-entries-delete-question = Удалить эту запись?
ui-entries-delete-group = Подтверждение удаления
ui-entries-delete = Удалить
ui-entries-time-on-task = { $time } на { $task }
ui-entries-empty-today = Сегодня ещё ничего не записано.
ui-entries-empty-week = На этой неделе ещё ничего не записано.
ui-entries-other = Другие ожидающие изменения
ui-entries-loading = Загружаю записи…

## The window: the running timer

ui-timer-since = с { $started }
ui-lost-command = worktray

## The window: texts of the daemon's answers

ui-outcome-sent-message = Сохранено. Worksection говорит: { $message }
ui-outcome-sent = Сохранено в Worksection.
ui-outcome-parked = Worksection отклонил это: { $message }
ui-op-unknown-kind = Неизвестная запись «{ $kind }»
ui-op-unknown = Неизвестная запись
ui-op-add = { $amount } на { $date } — { $task }
ui-op-update = Изменить запись { $id }
ui-op-delete = Удалить запись { $id }
ui-op-a-task = задача
ui-op-start = Запустить таймер на { $task }
ui-op-stop-on = Остановить таймер на { $task }
ui-op-stop = Остановить таймер
ui-op-discard = Отменить таймер на { $task }
ui-op-schedule =
{ $count ->
    [one] Изменить { $count } день расписания
    [few] Изменить { $count } дня расписания
   *[many] Изменить { $count } дней расписания
}
ui-queue-pending = { $count } в очереди
ui-queue-refused = { $count } отклонено
ui-sync-sent = Отправлено { $count }
ui-sync-pending = { $count } ещё в очереди
ui-sync-waiting = Ждёт: { $reason }.
ui-away-reason-asleep = компьютер спал
ui-away-reason-off = компьютер выключен
ui-away-summary = Отсутствие { $away } ({ $start }–{ $end }, { $reason })
ui-answer-keep = Отсутствие { $away } оставлено на { $task } как работа.
ui-answer-discard-split = { $kept } из { $minutes } мин отсутствия оставлено на { $task }, остальное не учтено; таймер остановлен.
ui-answer-discard = Отсутствие { $away } не учтено; таймер на { $task } остановлен.
ui-answer-continue-split = { $kept } из { $minutes } мин отсутствия оставлено на { $task }, остальное не учтено; таймер идёт дальше с этого момента.
ui-answer-continue = Отсутствие { $away } не учтено; таймер на { $task } идёт дальше с этого момента.
ui-written =
{ $state ->
    [sent] Записано { $what }
    [queued] В очереди { $what }
   *[parked] Отклонено { $what }
}
ui-answer-given = Отдано другой задаче
ui-answer-assign-split = { $kept } из { $minutes } мин отсутствия оставлено на { $task }; { $done }. Таймер остановлен.
ui-answer-assign = { $done }; таймер на { $task } остановлен.
ui-answer-queued = В очереди: { $reason }; будет отправлено, как только Worksection ответит.
ui-saved-queued = В очереди { $elapsed } · { $task }
ui-saved-entry = Сохранено { $elapsed } · { $task }
ui-booked-before =
{ $state ->
    [sent] Записано { $what } до запуска
    [queued] В очереди { $what } до запуска
   *[parked] Отклонено { $what } до запуска
}

## Ошибки (ошибки слоёв ядра; слова системы и Worksection остаются как есть)

error-configuration = конфигурация: { $detail }
api-timer-already-started = в Worksection уже запущен таймер
api-timer-not-started = в Worksection не запущен ни один таймер
api-field-required = Worksection требует заполнить: { $field }
api-field-required-unnamed = Worksection требует заполнить обязательное поле
api-token-expired = срок действия входа в Worksection истёк
api-unauthorized = Worksection отклонил вход: { $message }
api-rate-limited = Worksection просит притормозить (слишком много запросов)
api-rate-limited-until = Worksection просит притормозить (слишком много запросов); попробуйте снова в { $time }
api-network-timeout = не удаётся связаться с Worksection: ответ не пришёл вовремя ({ $cause })
api-network-no-connection = не удаётся связаться с Worksection: нет соединения ({ $cause })
api-network-broken = не удаётся связаться с Worksection: соединение оборвалось до ответа ({ $cause })
api-network-sign-in = не удаётся связаться с Worksection: запрос на вход не удался: { $cause }
api-server = Worksection ответил HTTP { $status }
api-decode = неожиданный ответ на { $action }: { $message } в { $path }
api-reported = Worksection: { $message }
api-reported-details = Worksection: { $message } ({ $details })
api-no-message = неизвестная ошибка
api-http-client = не удаётся создать HTTP-клиент: { $error }
io-reading = не удаётся прочитать { $path }: { $error }
io-writing = не удаётся записать { $path }: { $error }
io-creating = не удаётся создать { $path }: { $error }
io-removing = не удаётся удалить { $path }: { $error }
io-replacing = не удаётся заменить { $path }: { $error }
io-opening = не удаётся открыть { $path }: { $error }
io-locking = не удаётся заблокировать { $path }: { $error }
io-unlocking = не удаётся разблокировать { $path }: { $error }
io-moving-aside = не удаётся отложить повреждённый { $path }: { $error }
io-listening = не удаётся слушать на { $path }: { $error }
io-listening-sign-in = не удаётся ждать входа на { $address } (может, уже идёт другой вход?): { $error }
io-starting-window = не удаётся запустить окно ({ $program }): { $error }
io-starting-simulator = не удаётся запустить симулятор демо: { $error }
io-starting-runtime = не удаётся запуститься: { $error }
io-finding-program = не удаётся найти программу worktray: { $error }
io-finding-port = не удаётся найти свободный порт для входа в демо: { $error }
io-reading-terminal = не удаётся прочитать введённое: { $error }
store-json-cut-short = он пуст или обрезан
store-json-syntax = это некорректный JSON
store-json-data = какой-то настройки в нём нет или она не того типа
store-json-io = его не удаётся прочитать
store-lock-busy = другая программа уже больше { $seconds } с держит файл блокировки Worktray { $path }; попробуйте снова или завершите другой процесс Worktray
store-lock-task = { $what }: { $error }
store-sqlite = локальная база данных ({ $context }): { $error }
store-newer-schema = { $path } записан более новой версией Worktray (версия схемы { $version }; эта версия знает только до { $known }). Обновите Worktray, чтобы им пользоваться; эта версия его не трогает
store-damaged-in-use = локальная база данных { $path } повреждена, и её открыл другой процесс Worktray: закройте Worktray (пункт «Выйти» в трее) и запустите это снова; тогда записи из очереди будут перенесены
store-fresh-damaged = новая локальная база данных в { $path } тоже непригодна: { $reason }
store-no-database = нет локальной базы данных для записей в очереди
store-unreadable-row = эта версия не может прочитать строку очереди { $id }
store-row-of-other-kind = это не { $expected }
store-damaged-settings = { $path } повреждён ({ $error }); исправьте или удалите его
store-damaged-account = { $path } повреждён: { $what } ({ $error }). Войдите снова (трей → Войти или `worktray login`): это его заменит
keyring-locked = системное хранилище паролей заблокировано; разблокируйте его (войдите в сеанс рабочего стола или откройте приложение хранилища) и попробуйте снова
keyring-silent = системное хранилище паролей не ответило за { $seconds } с; если оно просит разблокировки, разблокируйте его и попробуйте снова
keyring-no-service = системного хранилища паролей нет ({ $cause }); в Linux запустите Secret Service, например gnome-keyring или KeePassXC. Worktray никогда не хранит токены открытым текстом
keyring-failed = ошибка системного хранилища паролей: { $cause }
keyring-call-lost = обращение к хранилищу паролей не завершилось: { $cause }
keyring-not-read-back = не удалось прочитать вход обратно из хранилища паролей
auth-never-signed-in = вход не выполнен: сначала войдите в Worksection (трей → Войти или `worktray login`)
auth-signed-out = вход не выполнен: { $reason }; войдите снова (трей → Войти или `worktray login`). Записанное время сохранено и будет отправлено после входа
auth-not-signed-in = вход не выполнен: { $reason }
auth-sign-in-refused = Worksection отклонил вход: { $error }
auth-sign-in-refused-described = Worksection отклонил вход: { $error } ({ $description })
auth-certificate = не удаётся создать сертификат для входа: { $error }
auth-certificate-unreadable = не удаётся прочитать { $what } для входа в { $dir } ({ $error }); удалите папку, чтобы создать новый
auth-tls = настройка TLS: { $error }
session-signed-out-elsewhere = вы вышли из учётной записи в другом процессе Worktray
session-other-app = вы снова вошли, с другим приложением, в другом процессе Worktray
session-account-file-gone = другой процесс Worktray изменил вход, а его файл учётной записи отсутствует или повреждён
session-renewal-refused = Worksection отказался продлить вход ({ $error })
session-renewal-refused-described = Worksection отказался продлить вход ({ $error }: { $description })
session-ended = сеанс входа завершился
config-no-home = не удаётся найти домашнюю папку для данных Worktray
config-no-autostart-dir = не удаётся найти папку настроек для записи автозапуска
config-account-url = «{ $text }» — неверный адрес учётной записи: { $error }
config-account-url-insecure = адрес учётной записи { $text } должен начинаться с https:// (простой http разрешён только на локальном адресе этого компьютера)
config-api-endpoint = неверный адрес учётной записи: { $error }
config-sign-in-insecure = адрес входа { $address } должен начинаться с https:// (или http на локальном адресе)
config-sign-in-endpoint = неверный адрес входа: { $error }
ipc-socket = служба worktray: { $detail }
ipc-bad-name = имя сокета { $path }: { $error }
ipc-not-running = служба не отвечает на { $path }: { $error }
ipc-not-accepting = служба не отвечает на { $path }: она не принимает соединений
ipc-encoding = не удаётся записать запрос: { $error }
ipc-sending = отправка: { $error }
ipc-reading = чтение: { $error }
ipc-closed = служба закрыла соединение, не ответив
ipc-bad-reply = непонятный ответ: { $error }
ipc-unexpected-reply = неожиданный ответ службы: { $reply }
ipc-already-served = другая служба worktray уже работает на { $path }
ipc-daemon-silent = трей Worktray не ответил за { $seconds } с; если он завис, закройте его (трей → Выйти или завершите процесс `worktray`) и попробуйте снова

## Отказы командной строки (ошибки clap по виду; help.rs)

clap-error = ошибка: { $message }
clap-unknown-argument = неожиданный аргумент '{ $arg }'
clap-tip-similar = подсказка: есть похожий: '{ $similar }'
clap-invalid-value = недопустимое значение '{ $value }' для '{ $arg }'
clap-possible-values = возможные значения: { $values }
clap-missing-required = не указаны обязательные аргументы: { $arg }
clap-invalid-subcommand = неизвестная команда '{ $subcommand }'
clap-argument-misused = аргумент '{ $arg }' нельзя так использовать здесь
clap-try-help = Подробнее: '--help'.

## Вход из терминала, демо и отложенные записи

cli-login-create-app = Создайте приложение в Worksection: настройки аккаунта → API → OAuth2-приложения, с адресом перенаправления { $redirect_uri }. Вы получите client id и client secret.
cli-login-client-id = Client id
cli-login-client-secret = Client secret
cli-login-open-address = Откройте этот адрес в браузере и разрешите доступ Worktray; затем подождите здесь или вставьте адрес, на котором остановился браузер:
cli-login-opening-browser = Открываем страницу входа Worksection в браузере… (если она не откроется, вставьте сюда адрес, на котором остановился браузер)
cli-login-signed-in = Вы вошли как { $name } <{ $email }> на { $account }
cli-logged-out = Вы вышли. Хранилище паролей больше не хранит токены и client secret Worktray.
cli-browser-not-opened = Не удалось открыть браузер ({ $error }). Чтобы войти, откройте этот адрес:
    { $url }
cli-demo-not-started = не удалось запустить демо: { $error }
cli-demo-signed-in = Демо Worktray: вы вошли как { $email } на симуляторе по адресу { $url }
cli-demo-try = Попробуйте с ним CLI:  { $command }
outbox-set-aside = отложено после { $tries ->
    [one] { $tries } попытки
   *[other] { $tries } попыток
}, чтобы записи за ним могли уйти: { $error }
discard-timer-gone = этот таймер уже не идёт; ничего не отменено

## The team config (`worktray team`, the sign-in view's drop)

team-unreadable = не удаётся прочитать файл команды { $path }: { $error }
team-not-json = { $path } не является файлом команды: это не JSON ({ $error })
team-foreign = { $path } — не файл команды Worktray; попросите у администратора аккаунта файл, который записывает `worktray team export`
team-newer = { $path } записала более новая версия Worktray (версия файла команды { $version }); обновите Worktray, чтобы его прочитать
team-damaged = файл команды { $path } повреждён: { $error }
team-invalid = файлом команды { $path } нельзя воспользоваться: { $problem }
team-no-client-id = в нём нет client id
team-bad-redirect = его redirect URI «{ $uri }» — не адрес https://
team-no-scopes = в нём не указано ни одного scope
team-signed-in = вы уже вошли: сначала выйдите, чтобы воспользоваться настройками другой команды
team-nothing-to-export = пока нечего экспортировать: сначала войдите, чтобы аккаунт и его приложение были известны
team-no-secret-kept = client secret не сохранён, добавить нечего: войдите снова с ним или экспортируйте без --with-secret
cli-team-imported = Настройки входа для { $account } импортированы (client id { $client_id }).
cli-team-imported-secret = Client secret сохранён в вашей связке ключей.
cli-team-next = Войдите в окне или командой `worktray login`.
cli-team-exported = Файл команды записан в { $path }. Отправьте его команде: они откроют его командой `worktray team import` или перетащат на окно входа Worktray.
cli-team-exported-secret = В нём есть client secret: отправляйте его только тем, кто может входить, и удалите, как только они войдут.
help-team = Файл команды (worktray-team.json), который выдаёт администратор аккаунта, и его импорт
help-team-export = Записать настройки этого входа (аккаунт, client id, redirect URI, scopes) в файл для команды
help-team-export--with-secret = Добавить client secret (тогда файл сможете читать только вы)
help-team-export--output = Файл для записи (по умолчанию: worktray-team.json в текущей папке)
help-team-import = Заполнить форму входа из файла команды от администратора
help-team-import--file = Файл команды, worktray-team.json
ui-team-drop = Есть worktray-team.json от администратора? Перетащите его сюда, чтобы заполнить форму.
ui-team-imported = Настройки { $account } импортированы.
ui-team-imported-secret = Настройки { $account } импортированы вместе с client secret.
ui-team-importing = Читаем файл команды…

## Days off and entries: ranges, amounts, project rules

range-reversed = диапазон заканчивается ({ $to }) раньше, чем начинается ({ $from })
days-off-range-too-long = отмечайте не больше года за раз
days-off-show-range = можно показать не больше года, от более ранней даты к более поздней
days-off-workday-no-weekend = «рабочий день» отмечает работу в выходной, а в диапазоне нет ни субботы, ни воскресенья
days-off-only-weekend = в диапазоне только выходные; добавьте --include-weekends, чтобы отметить их
days-off-refused = { $message }. Возможно, Worksection не разрешает вашей роли или разрешениям этого приложения менять расписание: попросите администратора аккаунта отметить дни или войдите снова с разрешением users_write (worktray login --scopes "… users_write")
entries-range-too-long = запрашивайте записи не больше чем за год за раз
entry-money-invalid = «{ $input }» — не денежная сумма; пишите так: 120,50
entry-today-only = { $project } принимает время только за сегодня (так настроен проект в Worksection); запишите его сегодняшней датой
entry-nothing-to-change = нечего менять: укажите длительность, комментарий, дату или сумму
entries-unknown-task = (неизвестная задача)

## Naming a task

task-ref-empty = назовите задачу: её номер, ссылку на неё в Worksection или слова из её названия
task-ref-project-link = «{ $link }» — ссылка на проект, а не на задачу (нужна …/project/P/T/)

## The queue: what a queued write does, and what is wrong with one

queue-no-entry = в очереди нет записи { $id }
queue-entry-unreadable = эта версия Worktray не может прочитать запись { $id } из очереди: обновите Worktray, чтобы отправить её, или отбросьте её
queue-entry-not-changeable = запись { $id } из очереди сейчас нельзя изменить (её уже нет, или она, возможно, уже дошла до Worksection)
queue-row-column-unreadable = не удаётся прочитать { $column ->
    [created_at_ms] время
    [operation] операцию
    [state] состояние
    [attempts] число попыток
    [last_error] последнюю ошибку
    [maybe_applied] отметку отправки
    [baseline] базовое количество
    [next_attempt_ms] время повторной попытки
   *[other] { $column }
}: { $error }
queue-row-state-unknown = неизвестное состояние «{ $state }»
queue-row-unreadable = эта версия Worktray не может её прочитать ({ $problems }); она остаётся как есть для более новой версии: обновите Worktray или отбросьте её
op-update = изменить запись { $id }
op-delete = удалить запись { $id }
op-a-task = «задача без названия»
op-start = запустить таймер на { $task }
op-stop-at = остановить таймер на { $task } в { $time }
op-stop-leaving-out = остановить таймер на { $task } в { $time }, не учитывая { $away } отсутствия
op-stop = остановить таймер
op-discard = отменить таймер на { $task }
op-schedule =
{ $count ->
    [one] изменить { $count } день расписания
    [few] изменить { $count } дня расписания
   *[many] изменить { $count } дней расписания
}
op-unknown-kind = неизвестная запись «{ $kind }»
op-unknown = неизвестная запись
timer-stopped-elsewhere = таймер на { $task } уже был остановлен в другом месте
timer-saved-without-away = сохранено как { $time }, без времени отсутствия
timer-saved-until-stop = сохранено как { $time }, время до того, как вы его остановили
timer-started-elsewhere = тем временем в другом месте запустили таймер на { $task }; Worktray не стал его останавливать

## The timer: a start with --since, a refused start, an away answer that keeps too much

write-nothing = нечего записывать
since-after-other-timer = таймер на { $task } запущен в { $time }, то есть позже; начните с { $time } или позже либо сначала отмените тот таймер
since-already-running = таймер уже идёт на { $task }; запишите время до его запуска отдельной записью (worktray log)
start-refused-before-logged = { $message }; время до запуска ({ $time }) записано
since-under-a-minute = это меньше минуты назад: запустите таймер без --since
since-timer-only = { $project } принимает время только с таймера (так настроен проект в Worksection), поэтому минуты до этого момента записать нельзя; запустите таймер без --since
away-keep-at-most = отсутствие длилось { $away }; оставьте не больше этого

## The daemon's socket

ipc-server-busy =
{ $count ->
    [one] трей Worktray уже обслуживает { $count } соединение; попробуйте ещё раз через мгновение
    [few] трей Worktray уже обслуживает { $count } соединения; попробуйте ещё раз через мгновение
   *[many] трей Worktray уже обслуживает { $count } соединений; попробуйте ещё раз через мгновение
}
ipc-request-too-long = запрос слишком длинный: не больше { $kib } КиБ в строке
ipc-request-malformed = некорректный запрос: { $error }

## Settings the daemon refuses

settings-time-of-day = «{ $input }» — не время суток; пишите так: 09:00
settings-work-hours-order = рабочие часы должны заканчиваться позже, чем начинаются
settings-work-hours-after = напоминать можно минимум после минуты без таймера
settings-long-timer-hours = для напоминания о долгом таймере нужен минимум час (или выключите его)
settings-keep-window-max =
{ $count ->
    [one] держать закрытое окно наготове можно максимум { $count } секунду
    [few] держать закрытое окно наготове можно максимум { $count } секунды
   *[many] держать закрытое окно наготове можно максимум { $count } секунд
}
settings-away-after-max =
{ $count ->
    [one] отсутствие можно считать не позже чем через { $count } минуту без действий (или 0 — никогда)
    [few] отсутствие можно считать не позже чем через { $count } минуты без действий (или 0 — никогда)
   *[many] отсутствие можно считать не позже чем через { $count } минут без действий (или 0 — никогда)
}
settings-pinned-max =
{ $count ->
    [one] закрепить можно максимум { $count } задачу
    [few] закрепить можно максимум { $count } задачи
   *[many] закрепить можно максимум { $count } задач
}

## The local database, repaired

db-recovered = локальная база данных { $path } была повреждена ({ $reason }); она перемещена в { $moved_to }, и начата новая с { $count ->
    [one] { $count } записью очереди, которую удалось прочитать
    [few] { $count } записями очереди, которые удалось прочитать
   *[many] { $count } записями очереди, которые удалось прочитать
}
db-recovered-partly = локальная база данных { $path } была повреждена ({ $reason }); она перемещена в { $moved_to }, и начата новая с { $count ->
    [one] { $count } записью очереди, которую удалось прочитать
    [few] { $count } записями очереди, которые удалось прочитать
   *[many] { $count } записями очереди, которые удалось прочитать
} (часть её прочитать не удалось)

## Signing in: the app's details, the listener, what was pasted

sign-in-redirect-not-local = { $redirect_uri } не на этом компьютере; вместо этого вставьте адрес, на который вас перенаправило
sign-in-redirect-not-local-paste = адрес перенаправления { $redirect_uri } не на этом компьютере, поэтому Worktray не может получить вход; воспользуйтесь `worktray login`, чтобы вставить адрес, на который вас перенаправило
sign-in-listener-stopped = локальный сервер для входа остановился
sign-in-redirect-not-url = адрес перенаправления «{ $redirect_uri }» — не URL: { $error }
sign-in-redirect-not-https = адрес перенаправления { $redirect_uri } должен начинаться с https://
sign-in-client-id-empty = client id пуст; скопируйте его из Worksection: настройки аккаунта → API
sign-in-client-secret-empty = client secret пуст; скопируйте его из Worksection: настройки аккаунта → API
session-renewed-not-saved = Worksection продлил вход, но системное хранилище паролей не приняло новые токены ({ $error }). Они хранятся только в памяти, и Worktray каждую минуту предлагает их хранилищу снова; если Worktray закроется раньше, чем хранилище их примет, придётся войти снова
sign-in-paste-empty = вставьте адрес, на который перешёл браузер, или код из него
sign-in-paste-not-address = это не тот адрес, на который вас перенаправило: { $error }
sign-in-paste-other-attempt = этот адрес относится к другой попытке входа; воспользуйтесь самой новой
sign-in-paste-no-code = в адресе нет кода
sign-in-paste-not-code = это не похоже на код; вставьте весь адрес, на который вас перенаправило
sign-in-timed-out =
{ $minutes ->
    [one] вход не завершён за { $minutes } минуту; начните его заново
    [few] вход не завершён за { $minutes } минуты; начните его заново
   *[many] вход не завершён за { $minutes } минут; начните его заново
}

## The tray daemon

daemon-not-signed-in-yet = вход ещё не выполнен: откройте Worktray и войдите в Worksection
daemon-not-signed-in = вход не выполнен
daemon-signed-out = вы вышли; войдите снова, чтобы отслеживать время
daemon-already-running = worktray уже запущен; его окно открыто.
daemon-no-sign-in-waiting = ни один вход не ждёт адреса; сначала начните вход
tray-no-desktop = нет рабочего стола, чтобы показать значок в трее: { $error }
tray-icon-not-created = не удаётся создать значок в трее: { $error }

## Global shortcuts the tray refuses

shortcut-purpose-picker = выбор задачи
shortcut-purpose-log-time = запись времени
shortcut-invalid = «{ $shortcut }» — не сочетание клавиш ({ $error }); пишите так: ctrl+alt+KeyT
shortcut-twice = { $shortcut } не может открывать и { $other }, и { $purpose }; выберите два разных сочетания клавиш
shortcut-wayland = этот рабочий стол Wayland не позволяет приложениям перехватывать глобальные сочетания клавиш; вместо этого назначьте `worktray open picker` или `worktray open log` клавишу в настройках клавиатуры вашего рабочего стола
shortcut-unavailable = глобальные сочетания клавиш здесь недоступны: { $error }
shortcut-taken = { $shortcut } нельзя использовать (возможно, его заняла другая программа): { $error }

## The presence sources: why one does not work, what each watches (worktray doctor), the sleep inhibitor's reason

presence-no-display = нет DISPLAY
presence-xwayland = DISPLAY — это XWayland в сеансе Wayland: его время бездействия учитывает только ввод в окна X11
presence-no-x-server = не удаётся подключиться к X-дисплею { $display }: { $error }
presence-no-screen = у X-дисплея { $display } нет экрана { $screen }
presence-no-screen-saver = у X-сервера нет расширения MIT-SCREEN-SAVER
presence-no-bus = нет { $bus ->
    [session] сеансовой
   *[system] системной
} шины: { $error }
presence-not-on-bus = { $name } нет на { $bus ->
    [session] сеансовой
   *[system] системной
} шине
presence-no-session = logind не знает сеанса этого процесса ({ $error }), а XDG_SESSION_ID не задан
presence-failed = ошибка { $what }: { $error }
presence-inhibit-why = Остановить таймер, прежде чем компьютер уснёт
doctor-works-used = работает (используется)
doctor-works-not-needed = работает (не нужен: работает предыдущий источник времени бездействия)
doctor-does-not-work = не работает: { $reason }
doctor-missing-idle = времени бездействия нет: отсутствие видно только по блокировкам и сну
doctor-missing-lock = блокировка экрана не видна
doctor-missing-sleep = сон виден только потом, как скачок часов
doctor-watches-x11-idle = время бездействия дисплея X11 (MIT-SCREEN-SAVER)
doctor-watches-mutter-idle = время бездействия GNOME (org.gnome.Mutter.IdleMonitor)
doctor-watches-screensaver-idle = время бездействия от org.freedesktop.ScreenSaver
doctor-watches-screensaver-lock = блокировка экрана от org.freedesktop.ScreenSaver
doctor-watches-gnome-screensaver-lock = блокировка экрана от org.gnome.ScreenSaver
doctor-watches-logind-lock = блокировка сеанса logind
doctor-watches-logind-sleep = приостановка и выключение (logind), с блокировкой-задержкой
