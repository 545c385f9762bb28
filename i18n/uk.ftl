### Повідомлення Worktray українською. Ідентифікатори ті самі, що в en.ftl (це перевіряє тест).

## Спільні слова

status-idle = Таймер не запущено
status-offline = немає з'єднання
status-slow-down = Worksection попросив уповільнитися; наступна спроба о { $time }
plural-hours = { $count ->
    [one] { $count } година
    [few] { $count } години
   *[many] { $count } годин
}
plural-days = { $count ->
    [one] { $count } день
    [few] { $count } дні
   *[many] { $count } днів
}
plural-entries = { $count ->
    [one] { $count } запис
    [few] { $count } записи
   *[many] { $count } записів
}
duration-minutes = { $minutes } хв
duration-hours = { $hours } год
duration-hours-minutes = { $hours } год { $minutes } хв
weekday-mon = пн
weekday-tue = вт
weekday-wed = ср
weekday-thu = чт
weekday-fri = пт
weekday-sat = сб
weekday-sun = нд
month-short = { $month ->
    [1] січ.
    [2] лют.
    [3] бер.
    [4] квіт.
    [5] трав.
    [6] черв.
    [7] лип.
    [8] серп.
    [9] вер.
    [10] жовт.
    [11] лист.
   *[12] груд.
}
date-day = { $weekday }, { $day } { $month }
date-day-year = { $weekday }, { $day } { $month } { $year }
mark-vacation = відпустка
mark-sick-leave = лікарняний
mark-workday = робочий день (вихідний)
mark-unset = позначку знято
away-reason-idle = без введення
away-reason-locked = екран заблоковано
away-reason-asleep = сон
away-reason-off = комп'ютер вимкнено або Worktray не працював

## Що вводять люди

parse-duration-empty = тривалість порожня; пишіть 1:30, 1 год 30 хв, 90 хв, 1,5 год, 0,25 або 45 (хвилини)
parse-duration-invalid = «{ $input }» — не тривалість; пишіть 1:30, 1 год 30 хв, 90 хв, 1,5 год, 0,25 або 45 (хвилини)
parse-duration-colon-minutes = у «{ $input }» { $minutes } хв; після двокрапки пишіть від 00 до 59
parse-duration-zero = «{ $input }» — це нуль; введіть щонайменше одну хвилину
parse-duration-too-long = «{ $input }» — це { $length }, довше за добу; розбийте на записи до 24:00
parse-since-not-clock = «{ $input }» — не час доби: вкажіть час сьогодні (9:30) або скільки тому (25 хв, 1 год 30 хв)
parse-since-invalid = «{ $input }» — не час: вкажіть час сьогодні (9:30) або скільки тому (25 хв, 1 год 30 хв)
parse-since-later = { $time } — пізніше, ніж зараз: вкажіть час, коли ви почали
parse-since-before-today = { $when } — раніше за сьогодні: запишіть цей час окремим записом (worktray log)
parse-date-invalid = «{ $input }» — не дата; пишіть сьогодні, вчора, завтра, день тижня (пн, вівторок), ДД.ММ.РРРР або РРРР-ММ-ДД
entry-in-future = { $date } ще не настав; записуйте час, який ви вже відпрацювали
entry-money-and-rate = вкажіть суму або ставку за годину, а не обидва
entry-nothing = нічого
entry-preview = { $duration } на { $date } — { $task }
entry-preview-comment = { $duration } на { $date } — { $task } · «{ $comment }»
input-timer-only = { $project } приймає час лише з таймера (налаштування проєкту у Worksection); запустіть таймер на завданні
input-task-not-found = жодне відкрите завдання не відповідає «{ $query }»
input-task-ambiguous = «{ $query }» відповідає { $count ->
    [one] { $count } завданню
   *[other] { $count } завданням
}; уточніть або вкажіть номер завдання
input-day-off-vacation = сьогодні у вашому розкладі у Worksection відпустка; усе одно запустити таймер?
input-day-off-sick = сьогодні у вашому розкладі у Worksection лікарняний; усе одно запустити таймер?
input-away-timer-gone = таймер на { $task } вже не працює; виправте його запис у «Записах»
input-no-away = немає відсутності, що чекає на відповідь
input-no-away-number = немає відсутності з номером { $id }, що чекає на відповідь

## Чому запис чекає в черзі (QueueReason ядра; CLI та вікно)

queue-slow-to-answer = Worksection довго не відповідає
queue-on-its-way = уже в дорозі; Worksection приймає один запит на секунду
queue-not-sent-yet = ще не надіслано
queue-waiting-for-earlier = чекає на попередні записи
queue-waiting-to-retry = чекає на повторну спробу
queue-other-process = чергу зараз надсилає інший процес Worktray
queue-closing = Worktray закривається; решту буде надіслано під час наступного запуску
queue-still-sending = надсилання триває вже { $seconds } с; решта піде у фоні, поки працює трей, або з наступним `worktray sync`

## Командний рядок

cli-task-number = завдання { $id }
cli-status-away = відсутність { $away } ({ $start }–{ $end }) чекає на відповідь: worktray away keep|discard|continue|assign
cli-status-queue = черга: { $pending } очікують · { $parked } відхилено{ $parked ->
    [0] {""}
   *[other] {" "}(див. `worktray sync`)
}
cli-queued-unreadable = нечитабельний №{ $id }: { $what } — { $problem }
cli-queued-refused = відхилено №{ $id }: { $what } — { $problem }
cli-queued-pending = у черзі: { $what }
cli-queued-pending-because = у черзі: { $what } ({ $problem })
cli-whoami = { $name } <{ $email }> у { $account }
cli-whoami-role = { $name } <{ $email }> ({ $role }) у { $account }
cli-stopped-saved = Зупинено { $what } (збережено)
cli-stopped-queued = Зупинено { $what } — у черзі ({ $reason }); Worksection отримає це, щойно буде доступний
cli-already-running = Вже працює:
cli-start-queued = у черзі ({ $reason }); відлік іде від цієї миті, і Worksection отримає його, щойно зможе
cli-before-start-logged = + { $what } до запуску, записано
cli-before-start-queued = + { $what } до запуску, у черзі ({ $reason }); буде надіслано, щойно Worksection буде доступний
cli-before-start-refused = ✗ Worksection відхилив { $what } до запуску: { $message } (збережено; див. `worktray sync`)
cli-would-log = Буде записано { $what }
cli-logged = ✓ Записано { $what }
cli-logged-queued = ✓ У черзі { $what } ({ $reason }); запис збережено і буде надіслано, щойно Worksection буде доступний
cli-logged-refused = ✗ Worksection відхилив { $what }: { $message } (збережено; див. `worktray sync`)
cli-given-logged = + Записано { $what }
cli-given-queued = + У черзі { $what } ({ $reason })
cli-write-queued = у черзі ({ $reason }); Worksection отримає це, щойно буде доступний
cli-discarded = Таймер скасовано (нічого не збережено)
cli-no-away = Немає відсутності, що чекає на відповідь.
cli-no-tasks = Жодне відкрите завдання не підходить.
cli-away-line = відсутність { $away } ({ $start }–{ $end }, { $reason }) на { $task }
cli-away-kept = Відсутність { $away } залишено на { $task }
cli-away-left-out = { $task } зупинено; час відсутності не враховано
cli-away-continued = Час відсутності не враховано на { $task }; таймер працює далі
cli-day-queued = у черзі: { $mark }
cli-no-days-off = Немає вихідних з { $from } по { $to }.
cli-days-marked = { $count ->
    [one] { $count } день
    [few] { $count } дні
   *[many] { $count } днів
} { $span } як { $mark }
cli-days-off-marked = ✓ Позначено { $what }
cli-days-off-queued = ✓ У черзі: позначити { $what } ({ $reason }); буде надіслано, щойно Worksection буде доступний
cli-days-off-refused = ✗ Worksection не дав позначити { $what }: { $message }
cli-no-entries = Немає записів з { $from } по { $to }.
cli-entry-timer = таймер
cli-entry-pending = у черзі
cli-entry-refused = відхилено: { $problem }
cli-total = Разом
cli-sync-summary = Надіслано { $sent } · { $pending } у черзі · { $refused } відхилено{ $unreadable ->
    [0] {""}
   *[other] {" "}· { $unreadable } нечитабельних
}
cli-sync-waiting = чекає: { $reason }
cli-cannot-start = не вдається запуститися: { $error }
cli-cannot-write-json = не вдається вивести JSON: { $error }
cli-tray-not-running = Worktray не запущено; запустіть його командою `worktray`
bar-not-running = Worktray не запущено
cli-use-anyway = додайте --anyway, щоб запустити

## Меню в треї та підказка

menu-signed-out = Ви вийшли — увійдіть, щоб обліковувати час
menu-offline = немає з'єднання
menu-start-since-back = Запустити { $task } з { $since } ({ $minutes } хв тому)
menu-away = Відсутність { $away } — вирішити…
menu-queue-pending = { $count } чекають на надсилання
menu-queue-refused = { $count } відхилено Worksection
menu-sign-in = Увійти…
menu-quit = Вийти з Worktray
menu-stop = Зупинити
menu-stop-with-comment = Зупинити з коментарем…
menu-discard = Скасувати (не зберігати)
menu-open-task = Відкрити завдання у Worksection
menu-start-on = Запустити на
menu-start-other = Запустити на іншому завданні…
menu-log-time = Записати час…
menu-entries = Записи…
menu-days-off = Вихідні…
menu-sick-today = Я сьогодні хворію
menu-open-window = Відкрити Worktray…
menu-refresh = Оновити зараз
menu-settings = Налаштування…
menu-sign-out = Вийти з облікового запису

## Сповіщення

notice-started-elsewhere = Таймер запущено деінде
notice-stopped-elsewhere = Таймер зупинено деінде
notice-stopped-elsewhere-body = { $task } — збережено у Worksection
notice-running-long = Таймер досі працює
notice-running-long-body = { $task } триває вже { $elapsed }. Ви ще працюєте над цим?
notice-no-timer = Таймер не запущено
notice-no-timer-body = Таймер не працює вже { $minutes } хв вашого робочого часу. Запустіть його з трею або запишіть час пізніше.
notice-sign-in-again = Увійдіть у Worksection знову
notice-sign-in-again-body = { $reason }. Ваші записи збережено, їх буде надіслано після входу.
notice-sign-in-not-saved = Сховище паролів не прийняло вхід
notice-queue-flushed = Записи надіслано
notice-queue-flushed-body = { $count ->
    [one] { $count } запис у черзі дійшов до Worksection.
    [few] { $count } записи у черзі дійшли до Worksection.
   *[many] { $count } записів у черзі дійшли до Worksection.
}
notice-entry-refused = Worksection відхилив запис
notice-entry-refused-body = { $what }: { $message }. Відкрийте Worktray, щоб виправити, повторити або скасувати його.
notice-database-recovered = Локальну базу даних відновлено
notice-away-question = Відсутність { $away } — це була робота?
notice-away-question-body = Таймер на { $task } працював, поки вас не було ({ $start }–{ $end }).
notice-away-left-out = Відсутність { $away } не враховано
notice-away-left-out-body = { $start }–{ $end } не зараховано на { $task }; таймер працює далі.
notice-started-on-day-off = Сьогодні у Worksection позначено { $kind ->
        [sick] лікарняний
       *[vacation] відпустку
    }
notice-started-on-day-off-body = Таймер на { $task } працює. Скасуйте його, якщо сьогодні не працюєте.
notice-decide-in-menu = Вирішіть, що це було, у меню в треї.
notice-action-stop = Зупинити таймер
notice-action-stop-at = Зупинити на останній активності ({ $time })
notice-action-keep-running = Хай працює
notice-action-discard = Скасувати таймер
notice-action-keep = Залишити
notice-action-leave-out = Не рахувати
notice-action-continue = Не рахувати й продовжити
notice-action-decide = Вирішити…

## worktray --help

help-usage = Використання:
help-heading-commands = Команди
help-heading-arguments = Аргументи
help-heading-options = Параметри
help-worktray = Облік часу у Worksection з трею та терміналу
help-arg--help = Показати довідку
help-arg--version = Показати версію
help-arg--json = Вивести JSON замість тексту
help-arg--no-window = Не відкривати вікно під час запуску
help-arg--id = Номер, який показує `worktray away` (типово: найновіша)
help-arg--minutes = Залишити перші N хвилин відсутності на завданні таймера
help-help = Показати цю довідку або довідку вказаної команди
help-help--subcommand = Команда, довідку якої показати
help-daemon = Запустити фонову службу в треї (типово, якщо команду не вказано)
help-demo = Запустити весь застосунок на вбудованому симуляторі Worksection з демо-обліковим записом
help-demo--port = Порт симулятора (0 — вибрати вільний)
help-login = Увійти у Worksection (OAuth2). Секрет клієнта береться з WORKTRAY_CLIENT_SECRET, сховища паролів або запиту
help-login--client-id = Ідентифікатор клієнта застосунку (Worksection: налаштування облікового запису → API)
help-login--redirect-uri = URI переспрямування, зареєстрований для застосунку, точно
help-login--scopes = Дозволи, які запитати, через пробіл або кому
help-login--no-browser = Вивести адресу входу замість відкриття браузера; вставте сюди адресу переспрямування, якщо браузер не може достукатися до цього комп'ютера
help-logout = Вийти: видалити токени та секрет клієнта зі сховища паролів
help-open = Відкрити вікно запущеного трею на певному розділі (для клавіатурного скорочення стільниці)
help-open--view = Розділ, який відкрити
help-whoami = Хто увійшов
help-status = Поточний таймер. Безкоштовно, коли служба працює: вона відповідає з пам'яті
help-status--refresh = Запитати сервер замість останнього відомого стану служби
help-status--format = Для панелі стану (waybar, polybar, i3blocks, plain): відповідає запущений Worktray, без запитів до API
help-start = Запустити таймер на завданні: номер, посилання на завдання у Worksection або слова з його назви. Таймер на іншому завданні спершу зупиняється (і зберігається)
help-start--task = Завдання: номер, посилання або слова з назви
help-start--anyway = Запустити навіть у день, позначений як відпустка чи лікарняний
help-start--since = Ви забули запустити таймер: коли почали — час сьогодні (9:30) або скільки тому (25 хв, 1 год 30 хв). Таймер запускається зараз, а хвилини від того часу записуються на завдання; таймер на іншому завданні тоді зупиняється
help-stop = Зупинити таймер; Worksection збереже час як запис витрат
help-stop--comment = Коментар до збереженого часу
help-discard = Скасувати поточний таймер без збереження
help-log = Записати відпрацьований час: ТРИВАЛІСТЬ на ЗАВДАННЯ. Безпечно навіть без мережі: запис стає в чергу й надсилається, щойно Worksection доступний
help-log--duration = Скільки: 1:30, 1 год 30 хв, 90 хв, 1,5 год або 45 (хвилини)
help-log--task = Завдання: номер, посилання або слова з назви
help-log--date = сьогодні (типово), вчора, день тижня, ДД.ММ.РРРР або РРРР-ММ-ДД
help-log--comment = Коментар до запису
help-log--money = Сума грошей, яку записати разом із часом
help-log--rate = Записати гроші за моєю погодинною ставкою
help-log--dry-run = Лише показати, як зрозуміло запис; нічого не надсилати
help-entries = Мої записи за днями з підсумками; позначено ті, що в черзі, і відхилені
help-entries--today = Записи за сьогодні (типово)
help-entries--week = Записи за цей тиждень
help-entries--from = Перший день переліку (разом із --to)
help-entries--to = Останній день переліку (разом із --from)
help-sync = Надіслати записи з черги зараз і показати, що очікує, надіслано й відхилено
help-days-off = Мої вихідні (відпустка, лікарняний, робочі вихідні); `days-off set` позначає їх
help-days-off--from = Перший день переліку (типово: перше число цього місяця)
help-days-off--to = Останній день переліку (типово: кінець наступного місяця)
help-days-off-set = Позначити ДІАПАЗОН (дата або Д..Д: сьогодні, пн, 24.12.2026, 2026-12-24) як ВИД
help-days-off-set--range = День або діапазон Д..Д
help-days-off-set--kind = vacation (відпустка), sick-leave (лікарняний), workday (робота у вихідний) або unset (зняти позначку)
help-days-off-set--include-weekends = Позначати відпусткою чи лікарняним також суботи й неділі
help-tasks = Перелік моїх відкритих завдань, за бажання — лише тих, що відповідають ЗАПИТУ
help-tasks--query = Слова з назви завдання чи проєкту
help-away = Відсутність, через яку пройшов таймер (екран заблоковано, комп'ютер спав, не було введення), що чекає на відповідь; відповідь — `away keep|discard|continue|assign`
help-away-keep = Це була робота: залишити на таймері
help-away-discard = Не робота: зупинити таймер і не враховувати відсутність у записі
help-away-continue = Як discard, а потім знову запустити таймер на тому самому завданні
help-away-assign = Це була робота над ЗАВДАННЯМ (нарада): зупинити таймер без часу відсутності й записати цей час на ЗАВДАННЯ
help-away-assign--task = Завдання, на яке пішов час відсутності
help-doctor = Які джерела бездіяльності, блокування екрана й сну працюють на цій стільниці і чому інші ні
help-completions = Вивести скрипт автодоповнення для оболонки SHELL (пакети встановлюють його самі)
help-completions--shell = bash, zsh або fish
help-package-files = Записати в теку DIR те, що пакети встановлюють поруч із програмами: сторінки man, автодоповнення оболонок, запис меню застосунків
help-package-files--dir = Тека, куди їх записати

## What the packages install (`worktray package-files`): the app menu entry (its keywords end with a semicolon) and the window's man page

desktop-generic-name = Облік часу
desktop-comment = Облік часу у Worksection з трею
desktop-keywords = час;облік;таймер;табель;worksection;
man-window-name = вікно Worktray, яке запускає трей
man-window-description = Трей (worktray) запускає цю програму, коли ви відкриваєте його вікно, і вона завершується, коли ви вікно закриваєте. Власного входу вона не має: усе, що вона показує й робить, іде через запущений трей. Запущена без трею, вона про це каже й завершується.

## Сторінки входу (їх показує браузер)

signin-page-not-found = Не знайдено
signin-page-not-found-text = Ця адреса лише приймає вхід у Worktray.
signin-page-expired = Посилання для входу застаріло
signin-page-expired-text = Воно не належить до входу, на який чекає Worktray. Почніть вхід знову з Worktray.
signin-page-cancelled = Вхід скасовано
signin-page-cancelled-text = Worktray не отримав доступу. Цю вкладку можна закрити.
signin-page-done = Ви увійшли
signin-page-done-text = Worktray під'єднано до Worksection. Цю вкладку можна закрити.
signin-page-no-code = Немає коду авторизації
signin-page-no-code-text = Worksection не надіслав код. Почніть вхід знову з Worktray.

## The window: the shell

ui-tab-timer = Таймер
ui-tab-log = Записати час
ui-tab-entries = Записи
ui-tab-days-off = Вихідні
ui-view-account = Обліковий запис
ui-view-settings = Налаштування
ui-view-away = Відсутність
app-name = Worktray
ui-views = Розділи
ui-not-signed-in = Вхід не виконано
ui-account-button = Обліковий запис і вхід
ui-refresh-button = Перевірити Worksection зараз
ui-connection-daemon-lost = Служба не працює
ui-connection-online = На зв'язку
ui-connection-offline = Немає з'єднання
ui-connection-signed-out = Вхід не виконано
ui-connection-unknown = З'єднання…
ui-connection = З'єднання: { $state }

## The window: account and sign-in

ui-sign-in = Вхід
ui-signed-in-as = Ви увійшли як
ui-sign-out-ask = Вийти…
ui-sign-out-question = Вийти? Записи в черзі залишаться й будуть надіслані після нового входу.
ui-sign-out-confirm-group = Підтвердження виходу
ui-sign-out = Вийти
ui-cancel = Скасувати
ui-sign-in-with = Увійти через Worksection
ui-sign-in-title = Вхід у Worksection
ui-sign-in-again-title = Увійти знову
ui-sign-in-step-app = Попросіть адміністратора акаунта Worksection створити застосунок (Налаштування облікового запису → API → OAuth2-застосунки) з URI переспрямування точно як нижче.
ui-sign-in-step-copy = Скопіюйте сюди ID клієнта й секрет застосунку та ввійдіть: браузер відкриє Worksection для підтвердження.
ui-sign-in-step-certificate = Першого разу браузер попередить про сертифікат localhost: Worktray створює власний, щоб отримати відповідь Worksection на цьому комп’ютері, і більше ні в кого його немає. Прийміть його один раз.
ui-client-id = ID клієнта
ui-client-secret = Секрет клієнта
ui-client-secret-keep = Залиште порожнім, щоб зберегти наявний
ui-client-secret-note = Секрет зберігається у вашому сховищі паролів; вводьте новий, лише щоб замінити його.
ui-redirect-uri = URI переспрямування
ui-scopes = Дозволи
ui-keyring-reading = Читаю сховище паролів…
ui-keyring-retry = Спробувати сховище паролів ще раз
ui-sign-in-waiting-browser = Чекаю на браузер…
ui-sign-in-waiting = Дозвольте доступ Worktray на сторінці Worksection, що відкрилася у браузері; це вікно продовжить саме. (Через 10 хвилин вхід скасовується.)
ui-paste-title = Вставте адресу входу
ui-paste-label = Якщо браузер не може достукатися до цього комп'ютера, вставте адресу, на якій він зупинився (або код)
ui-paste-use = Використати
ui-signed-in-done = Ви увійшли як { $name }.
ui-sign-in-again = Увійти знову або з іншим застосунком…
ui-back-to-timer = Назад до таймера

## The window: away time

ui-away-kept-invalid = Введіть, скільки хвилин відсутності були роботою: ціле число від 1 до { $max }.
ui-away-on = на
ui-away-ask = Що це був за час?
ui-away-split = Лише частина була роботою
ui-away-kept-label = Хвилини відсутності, що були роботою над { $task }
ui-away-kept-of = з { $minutes } хв відсутності були роботою над цим завданням
ui-away-answers = Відповіді
ui-away-keep = Залишити
ui-away-keep-why = це була робота
ui-away-discard =
{ $split ->
    [yes] Не рахувати решту
   *[no] Не рахувати
}
ui-away-stop-why = і зупинити таймер
ui-away-continue =
{ $split ->
    [yes] Не рахувати решту й продовжити
   *[no] Не рахувати й продовжити
}
ui-away-continue-why = таймер іде далі з цієї миті
ui-away-assign =
{ $split ->
    [yes] Віддати решту іншому завданню…
   *[no] Віддати іншому завданню…
}
ui-away-give-to = Віддати час відсутності завданню
ui-away-none = Нічого вирішувати: жодна відсутність не чекає на відповідь.
ui-away-later = Вирішити пізніше

## The window: days off

ui-days-marked =
{ $count ->
    [one] Позначено { $count } день.
    [few] Позначено { $count } дні.
   *[many] Позначено { $count } днів.
}
ui-outcome-queued = У черзі: { $reason }. Дані збережено, їх буде надіслано, щойно Worksection відповість.
ui-days-pick = Виберіть день або діапазон (Shift+клік чи перетягування).
ui-days-selection =
{ $span } · { $count ->
    [one] { $count } день
    [few] { $count } дні
   *[many] { $count } днів
}{ $weekends ->
    [0] {""}
   *[other] , з них вихідних: { $weekends }
}
ui-month-previous = Попередній місяць
ui-month-next = Наступний місяць
ui-days-legend = Умовні позначки
ui-day-vacation-short = відп
ui-day-sick-short = лік
ui-day-workday-short = роб
ui-day-vacation = Відпустка
ui-day-sick = Лікарняний
ui-day-workday = Робочий день
ui-day-pending = Ще не надіслано
ui-day-today = Сьогодні
ui-days-mark-group = Позначити вибрані дні
ui-day-workday-title = Робота в суботу чи неділю; виберіть вихідний день, щоб позначити
ui-day-clear = Зняти
ui-days-include-weekends = Враховувати вихідні у відпустці й лікарняному
ui-days-refused = Зміну розкладу відхилено (повторіть або скасуйте її в «Записах»): { $reason }
ui-no-reason = причину не вказано

## The window: the calendar

ui-day-workday-lower = робочий день
ui-day-clear-short = зняти
ui-day-clearing-pending = зняття, ще не надіслано
ui-day-mark-pending = { $mark }, ще не надіслано
ui-day-today-lower = сьогодні
ui-day-weekend = вихідний

## The window: settings

ui-settings-picker-shortcut = Глобальне скорочення для вибору завдання
ui-settings-log-shortcut = Глобальне скорочення для запису часу
ui-settings-away-ask = Запитати мене, що це було
ui-settings-away-keep = Рахувати як роботу
ui-settings-away-discard = Не рахувати
ui-settings-language-auto = Як на стільниці
language-en = English
language-uk = Українська
language-ru = Русский
ui-settings-language = Мова
ui-settings-hours-invalid = Для нагадування потрібне ціле число годин, щонайменше 1.
ui-settings-after-invalid = Для нагадування в робочий час потрібне ціле число хвилин, щонайменше 1.
ui-settings-keep-invalid = Тримати закрите вікно напоготові можна ціле число секунд, від 0 до { $max }.
ui-settings-away-invalid = Відсутність починається після цілого числа хвилин, від 0 до { $max }.
ui-settings-loading = Завантажую налаштування…
ui-settings-preferences = Параметри
ui-settings-long-timer = Нагадати, коли таймер працює довше ніж
ui-settings-long-timer-hours = Години до нагадування
ui-settings-hours =
{ $count ->
    [one] годину
    [few] години
   *[many] годин
}
ui-settings-work-hours = Нагадування в робочий час
ui-settings-work-hours-on = Нагадати, коли в робочий час таймер не працює
ui-settings-work-start = Початок робочого часу
ui-settings-work-to = до
ui-settings-work-end = Кінець робочого часу
ui-settings-work-after = після
ui-settings-work-after-label = Хвилини без таймера до нагадування
ui-settings-minutes-without-timer = хв без таймера
ui-settings-work-hours-note = Лише в будні; у вихідні мовчить.
ui-settings-away-after = Відсутність після
ui-settings-minutes-without-input = хв без введення
ui-settings-away-time = Коли під час неї працював таймер
ui-settings-stop-on-sleep = Зупиняти таймер, коли комп'ютер засинає
ui-settings-away-note = Заблокований екран і сплячий комп'ютер теж рахуються як відсутність. 0 вимикає облік відсутності.
ui-settings-start-at-login = Запускати Worktray під час входу в систему
ui-settings-keep-window = Тримати закрите вікно напоготові
ui-settings-seconds = с
ui-settings-keep-note = Тоді вікно відкривається миттєво, але поки чекає, займає близько 200 МБ. 0 звільняє пам'ять одразу.
ui-settings-shortcut-placeholder = напр. { $example } — порожньо, якщо не треба
ui-settings-pinned = Закріплені завдання
ui-settings-unpin-label = Відкріпити { $task }
ui-settings-unpin = Відкріпити
ui-settings-no-pinned = Немає закріплених завдань. Позначте завдання зірочкою в переліку, щоб закріпити.
ui-saved = Збережено
ui-close = Закрити
ui-save = Зберегти

## The window: log time

ui-log-task = Завдання
ui-log-change = Змінити
ui-log-entry = Запис часу
ui-log-duration = Тривалість
ui-log-duration-placeholder = 1:30 або 1 год 30 хв
ui-log-date = Дата
ui-log-today = сьогодні
ui-log-yesterday = вчора
ui-log-date-hint = Дати: сьогодні, вчора, пн, ДД.ММ.РРРР
ui-log-comment = Коментар
ui-log-comment-placeholder = Що ви робили?
ui-log-money = Гроші
ui-log-money-rate = за моєю погодинною ставкою
ui-log-money-placeholder = необов'язково, напр. 120,50
ui-log-rate = За моєю погодинною ставкою
ui-log-reading = Читаю…
ui-log-pick-task = Виберіть завдання, потім введіть, скільки ви працювали.
ui-log-type-duration = Введіть, скільки ви працювали.
ui-log-logging = Записую…
ui-log-refused-hint = Виправте те, що сказано, і запишіть знову, або повторіть чи скасуйте запис у «Записах».

## The window: the timer

ui-away-banner = Відсутність { $away }
ui-queued-because = У черзі: { $reason }
ui-day-off-ask = Запустити у вихідний?
ui-start-anyway = Усе одно запустити
ui-queue-go = Записи →
ui-since-switched = Перемкнулися раніше?
ui-since-started = Почали раніше?
ui-since-placeholder = 9:30 або 25 хв
ui-since-title = Коли ви насправді почали: час сьогодні (9:30) або скільки тому (25 хв). Хвилини від того часу запишуться на завдання, яке ви запустите.
ui-back-since = З { $since }, коли ви повернулися ({ $minutes } хв тому)
ui-switch-task = Змінити завдання
ui-start-task = Запустити завдання
ui-timer-running = Поточний таймер
ui-timer-badge = Працює
ui-timer-elapsed = Минуло { $elapsed }
ui-timer-comment = Коментар до цього запису
ui-timer-comment-placeholder = Що ви робили? (необов'язково)
ui-timer-discard-ask = Скасувати…
ui-timer-discard-question = Скасувати { $elapsed } без збереження?
ui-timer-discard-group = Підтвердження скасування
ui-timer-discard = Скасувати
ui-timer-discard-keep = Залишити

## The window: tasks, notices, entries

ui-picker-search-placeholder = Пошук серед моїх завдань…
ui-picker-search = Пошук серед моїх завдань
ui-picker-list = Мої відкриті завдання
ui-picker-pin-label = Закріпити { $task }
ui-picker-unpin-title = Відкріпити (Ctrl+D)
ui-picker-pin-title = Закріпити вгорі й у меню трею (Ctrl+D)
ui-picker-loading = Завантажую завдання…
ui-picker-no-match = Жодне відкрите завдання не відповідає «{ $query }»
ui-picker-none = Немає відкритих завдань
ui-lost-title = Worktray не працює
ui-lost-hint-before = Запустіть його з меню застосунків або командою
ui-lost-hint-after = , а потім знову відкрийте це вікно. Воно зараз закриється.
ui-dismiss = Закрити
ui-candidates = Відповідні завдання
ui-edit-entry = Редагувати запис
ui-entry-timer-title = Збережено таймером

## The window: entries

ui-entries-saved = Збережено.
ui-entries-deleted = Видалено.
ui-entries-discarded = Скасовано.
ui-entry-pending = У черзі
ui-entry-refused = Відхилено
ui-entry-unreadable = Нечитабельний
ui-entries-retry-label = Повторити надсилання: { $what }
ui-entries-retry = Повторити
ui-entries-discard-label = Скасувати: { $what }
ui-entries-discard-question = Скасувати?
ui-entries-range = Період
ui-entries-this-week = Цей тиждень
ui-entries-week = Тиждень
ui-entries-sync-title = Надіслати записи з черги зараз
ui-entries-sync = Надіслати зараз
ui-entries-problem = Збережені записи зараз не показати ({ $problem }). Записи, що чекають на надсилання, нижче.
ui-entries-edit-label = Редагувати { $time } на { $task }
ui-entries-edit = Змінити
ui-entries-delete-ask = Видалити…
ui-entries-delete-label = Видалити { $time } на { $task }
ui-entries-delete-question = Видалити цей запис?
ui-entries-delete-group = Підтвердження видалення
ui-entries-delete = Видалити
ui-entries-time-on-task = { $time } на { $task }
ui-entries-empty-today = Сьогодні ще нічого не записано.
ui-entries-empty-week = Цього тижня ще нічого не записано.
ui-entries-other = Інші зміни, що чекають
ui-entries-loading = Завантажую записи…

## The window: the running timer

ui-timer-since = з { $started }
ui-lost-command = worktray

## The window: texts of the daemon's answers

ui-outcome-sent-message = Збережено. Worksection каже: { $message }
ui-outcome-sent = Збережено у Worksection.
ui-outcome-parked = Worksection відхилив це: { $message }
ui-op-unknown-kind = Невідомий запис «{ $kind }»
ui-op-unknown = Невідомий запис
ui-op-add = { $amount } на { $date } — { $task }
ui-op-update = Змінити запис { $id }
ui-op-delete = Видалити запис { $id }
ui-op-a-task = завдання
ui-op-start = Запустити таймер на { $task }
ui-op-stop-on = Зупинити таймер на { $task }
ui-op-stop = Зупинити таймер
ui-op-discard = Скасувати таймер на { $task }
ui-op-schedule =
{ $count ->
    [one] Змінити { $count } день розкладу
    [few] Змінити { $count } дні розкладу
   *[many] Змінити { $count } днів розкладу
}
ui-queue-pending = { $count } у черзі
ui-queue-refused = { $count } відхилено
ui-sync-sent = Надіслано { $count }
ui-sync-pending = { $count } ще в черзі
ui-sync-waiting = Чекає: { $reason }.
ui-away-reason-asleep = комп'ютер спав
ui-away-reason-off = комп'ютер вимкнено
ui-away-summary = Відсутність { $away } ({ $start }–{ $end }, { $reason })
ui-answer-keep = Відсутність { $away } залишено на { $task } як роботу.
ui-answer-discard-split = { $kept } з { $minutes } хв відсутності залишено на { $task }, решту не враховано; таймер зупинено.
ui-answer-discard = Відсутність { $away } не враховано; таймер на { $task } зупинено.
ui-answer-continue-split = { $kept } з { $minutes } хв відсутності залишено на { $task }, решту не враховано; таймер іде далі з цієї миті.
ui-answer-continue = Відсутність { $away } не враховано; таймер на { $task } іде далі з цієї миті.
ui-written =
{ $state ->
    [sent] Записано { $what }
    [queued] У черзі { $what }
   *[parked] Відхилено { $what }
}
ui-answer-given = Віддано іншому завданню
ui-answer-assign-split = { $kept } з { $minutes } хв відсутності залишено на { $task }; { $done }. Таймер зупинено.
ui-answer-assign = { $done }; таймер на { $task } зупинено.
ui-answer-queued = У черзі: { $reason }; буде надіслано, щойно Worksection відповість.
ui-saved-queued = У черзі { $elapsed } · { $task }
ui-saved-entry = Збережено { $elapsed } · { $task }
ui-booked-before =
{ $state ->
    [sent] Записано { $what } до запуску
    [queued] У черзі { $what } до запуску
   *[parked] Відхилено { $what } до запуску
}

## Помилки (помилки шарів ядра; слова системи й Worksection лишаються як є)

error-configuration = конфігурація: { $detail }
api-timer-already-started = у Worksection уже запущено таймер
api-timer-not-started = у Worksection не запущено жодного таймера
api-field-required = Worksection вимагає заповнити: { $field }
api-field-required-unnamed = Worksection вимагає заповнити обов'язкове поле
api-token-expired = термін дії входу до Worksection минув
api-unauthorized = Worksection відхилив вхід: { $message }
api-rate-limited = Worksection просить сповільнитися (забагато запитів)
api-rate-limited-until = Worksection просить сповільнитися (забагато запитів); спробуйте ще раз о { $time }
api-network-timeout = не вдається зв'язатися з Worksection: відповідь не надійшла вчасно ({ $cause })
api-network-no-connection = не вдається зв'язатися з Worksection: немає з'єднання ({ $cause })
api-network-broken = не вдається зв'язатися з Worksection: з'єднання обірвалося до відповіді ({ $cause })
api-network-sign-in = не вдається зв'язатися з Worksection: запит на вхід не вдався: { $cause }
api-server = Worksection відповів HTTP { $status }
api-decode = неочікувана відповідь на { $action }: { $message } у { $path }
api-reported = Worksection: { $message }
api-reported-details = Worksection: { $message } ({ $details })
api-no-message = невідома помилка
api-http-client = не вдається створити HTTP-клієнт: { $error }
io-reading = не вдається прочитати { $path }: { $error }
io-writing = не вдається записати { $path }: { $error }
io-creating = не вдається створити { $path }: { $error }
io-removing = не вдається видалити { $path }: { $error }
io-replacing = не вдається замінити { $path }: { $error }
io-opening = не вдається відкрити { $path }: { $error }
io-locking = не вдається заблокувати { $path }: { $error }
io-unlocking = не вдається розблокувати { $path }: { $error }
io-moving-aside = не вдається відкласти пошкоджений { $path }: { $error }
io-listening = не вдається слухати на { $path }: { $error }
io-listening-sign-in = не вдається чекати на вхід на { $address } (може, вже триває інший вхід?): { $error }
io-starting-window = не вдається запустити вікно ({ $program }): { $error }
io-starting-simulator = не вдається запустити симулятор демо: { $error }
io-starting-runtime = не вдається запуститися: { $error }
io-finding-program = не вдається знайти програму worktray: { $error }
io-finding-port = не вдається знайти вільний порт для входу в демо: { $error }
io-reading-terminal = не вдається прочитати введене: { $error }
store-json-cut-short = він порожній або обрізаний
store-json-syntax = це не коректний JSON
store-json-data = якогось налаштування в ньому бракує або воно не того типу
store-json-io = його не вдається прочитати
store-lock-busy = інша програма вже понад { $seconds } с тримає файл блокування Worktray { $path }; спробуйте ще раз або завершіть інший процес Worktray
store-lock-task = { $what }: { $error }
store-sqlite = локальна база даних ({ $context }): { $error }
store-newer-schema = { $path } записано новішою версією Worktray (версія схеми { $version }; ця версія знає лише до { $known }). Оновіть Worktray, щоб ним користуватися; ця версія його не змінює
store-damaged-in-use = локальну базу даних { $path } пошкоджено, і її відкрив інший процес Worktray: закрийте Worktray (пункт «Вийти» в треї) і запустіть це знову; тоді записи з черги буде перенесено
store-fresh-damaged = нова локальна база даних у { $path } теж непридатна: { $reason }
store-no-database = немає локальної бази даних для записів у черзі
store-unreadable-row = ця версія не може прочитати рядок черги { $id }
store-row-of-other-kind = це не { $expected }
store-damaged-settings = { $path } пошкоджено ({ $error }); виправте або видаліть його
store-damaged-account = { $path } пошкоджено: { $what } ({ $error }). Увійдіть знову (трей → Увійти або `worktray login`): це його замінить
keyring-locked = системне сховище паролів заблоковано; розблокуйте його (увійдіть у сеанс робочого столу або відкрийте застосунок сховища) і спробуйте ще раз
keyring-silent = системне сховище паролів не відповіло за { $seconds } с; якщо воно просить розблокування, розблокуйте його і спробуйте ще раз
keyring-no-service = системного сховища паролів немає ({ $cause }); у Linux запустіть Secret Service, наприклад gnome-keyring або KeePassXC. Worktray ніколи не зберігає токени відкритим текстом
keyring-failed = помилка системного сховища паролів: { $cause }
keyring-call-lost = звернення до сховища паролів не завершилося: { $cause }
keyring-not-read-back = не вдалося прочитати вхід назад зі сховища паролів
auth-never-signed-in = вхід не виконано: спершу увійдіть до Worksection (трей → Увійти або `worktray login`)
auth-signed-out = вхід не виконано: { $reason }; увійдіть знову (трей → Увійти або `worktray login`). Записаний час збережено, його буде надіслано після входу
auth-not-signed-in = вхід не виконано: { $reason }
auth-sign-in-refused = Worksection відхилив вхід: { $error }
auth-sign-in-refused-described = Worksection відхилив вхід: { $error } ({ $description })
auth-certificate = не вдається створити сертифікат для входу: { $error }
auth-certificate-unreadable = не вдається прочитати { $what } для входу в { $dir } ({ $error }); видаліть теку, щоб створити новий
auth-tls = налаштування TLS: { $error }
session-signed-out-elsewhere = ви вийшли з облікового запису в іншому процесі Worktray
session-other-app = ви знову увійшли, з іншим застосунком, в іншому процесі Worktray
session-account-file-gone = інший процес Worktray змінив вхід, а його файл облікового запису відсутній або пошкоджений
session-renewal-refused = Worksection відмовився поновити вхід ({ $error })
session-renewal-refused-described = Worksection відмовився поновити вхід ({ $error }: { $description })
session-ended = сеанс входу завершився
config-no-home = не вдається знайти домашню теку для даних Worktray
config-no-autostart-dir = не вдається знайти теку налаштувань для запису автозапуску
config-account-url = «{ $text }» — неправильна адреса облікового запису: { $error }
config-account-url-insecure = адреса облікового запису { $text } має починатися з https:// (простий http дозволено лише на локальній адресі цього комп'ютера)
config-api-endpoint = неправильна адреса облікового запису: { $error }
config-sign-in-insecure = адреса входу { $address } має починатися з https:// (або http на локальній адресі)
config-sign-in-endpoint = неправильна адреса входу: { $error }
ipc-socket = служба worktray: { $detail }
ipc-bad-name = назва сокета { $path }: { $error }
ipc-not-running = служба не відповідає на { $path }: { $error }
ipc-not-accepting = служба не відповідає на { $path }: вона не приймає з'єднань
ipc-encoding = не вдається записати запит: { $error }
ipc-sending = надсилання: { $error }
ipc-reading = читання: { $error }
ipc-closed = служба закрила з'єднання, не відповівши
ipc-bad-reply = незрозуміла відповідь: { $error }
ipc-unexpected-reply = неочікувана відповідь служби: { $reply }
ipc-already-served = інша служба worktray уже працює на { $path }
ipc-daemon-silent = трей Worktray не відповів за { $seconds } с; якщо він завис, закрийте його (трей → Вийти або завершіть процес `worktray`) і спробуйте ще раз

## Відмови командного рядка (помилки clap за видом; help.rs)

clap-error = помилка: { $message }
clap-unknown-argument = неочікуваний аргумент '{ $arg }'
clap-tip-similar = порада: є схожий: '{ $similar }'
clap-invalid-value = неприпустиме значення '{ $value }' для '{ $arg }'
clap-possible-values = можливі значення: { $values }
clap-missing-required = не вказано обов'язкові аргументи: { $arg }
clap-invalid-subcommand = невідома команда '{ $subcommand }'
clap-argument-misused = аргумент '{ $arg }' не можна так використати тут
clap-try-help = Докладніше: '--help'.

## Вхід із термінала, демо та відкладені записи

cli-login-create-app = Створіть застосунок у Worksection: налаштування облікового запису → API → OAuth2-застосунки, з адресою перенаправлення { $redirect_uri }. Ви отримаєте client id і client secret.
cli-login-client-id = Client id
cli-login-client-secret = Client secret
cli-login-open-address = Відкрийте цю адресу в браузері й дозвольте доступ Worktray; потім зачекайте тут або вставте адресу, на якій зупинився браузер:
cli-login-opening-browser = Відкриваємо сторінку входу Worksection у браузері… (якщо вона не відкриється, вставте сюди адресу, на якій зупинився браузер)
cli-login-signed-in = Ви увійшли як { $name } <{ $email }> на { $account }
cli-logged-out = Ви вийшли. Сховище паролів більше не зберігає токени та client secret Worktray.
cli-browser-not-opened = Не вдалося відкрити браузер ({ $error }). Щоб увійти, відкрийте цю адресу:
    { $url }
cli-demo-not-started = не вдалося запустити демо: { $error }
cli-demo-signed-in = Демо Worktray: ви увійшли як { $email } на симуляторі за адресою { $url }
cli-demo-try = Спробуйте з ним CLI:  { $command }
outbox-set-aside = відкладено після { $tries ->
    [one] { $tries } спроби
   *[other] { $tries } спроб
}, щоб записи за ним могли піти: { $error }
discard-timer-gone = цей таймер уже не йде; нічого не скасовано

## The team config (`worktray team`, the sign-in view's drop)

team-unreadable = не вдається прочитати файл команди { $path }: { $error }
team-not-json = { $path } не є файлом команди: це не JSON ({ $error })
team-foreign = { $path } — не файл команди Worktray; попросіть адміністратора акаунта файл, який записує `worktray team export`
team-newer = { $path } записала новіша версія Worktray (версія файлу команди { $version }); оновіть Worktray, щоб його прочитати
team-damaged = файл команди { $path } пошкоджено: { $error }
team-invalid = файлом команди { $path } не можна скористатися: { $problem }
team-no-client-id = у ньому немає client id
team-bad-redirect = його redirect URI «{ $uri }» — не адреса https://
team-no-scopes = у ньому не вказано жодного scope
team-signed-in = ви вже ввійшли: спершу вийдіть, щоб скористатися налаштуваннями іншої команди
team-nothing-to-export = поки нічого експортувати: спершу ввійдіть, щоб акаунт і його застосунок були відомі
team-no-secret-kept = client secret не збережено, тож додати нічого: увійдіть знову з ним або експортуйте без --with-secret
cli-team-imported = Налаштування входу для { $account } імпортовано (client id { $client_id }).
cli-team-imported-secret = Client secret збережено у вашій в’язці ключів.
cli-team-next = Увійдіть у вікні або командою `worktray login`.
cli-team-exported = Файл команди записано в { $path }. Надішліть його команді: вони відкриють його командою `worktray team import` або перетягнуть на вікно входу Worktray.
cli-team-exported-secret = У ньому є client secret: надсилайте його лише тим, хто може входити, і видаліть, щойно вони ввійдуть.
help-team = Файл команди (worktray-team.json), який видає адміністратор акаунта, та його імпорт
help-team-export = Записати налаштування цього входу (акаунт, client id, redirect URI, scopes) у файл для команди
help-team-export--with-secret = Додати client secret (тоді файл зможете читати лише ви)
help-team-export--output = Файл для запису (типово: worktray-team.json у поточній теці)
help-team-import = Заповнити форму входу з файлу команди від адміністратора
help-team-import--file = Файл команди, worktray-team.json
ui-team-drop = Маєте worktray-team.json від адміністратора? Перетягніть його сюди, щоб заповнити форму.
ui-team-imported = Налаштування { $account } імпортовано.
ui-team-imported-secret = Налаштування { $account } імпортовано разом із client secret.
ui-team-importing = Читаємо файл команди…

## Days off and entries: ranges, amounts, project rules

range-reversed = діапазон закінчується ({ $to }) раніше, ніж починається ({ $from })
days-off-range-too-long = позначайте не більше ніж рік за раз
days-off-show-range = можна показати не більше ніж рік, від ранішої дати до пізнішої
days-off-workday-no-weekend = «робочий день» позначає роботу у вихідний, а в діапазоні немає ні суботи, ні неділі
days-off-only-weekend = у діапазоні лише вихідні; додайте --include-weekends, щоб позначити їх
days-off-refused = { $message }. Можливо, Worksection не дозволяє вашій ролі або дозволам цього застосунку змінювати розклад: попросіть адміністратора облікового запису позначити дні або увійдіть знову з дозволом users_write (worktray login --scopes "… users_write")
entries-range-too-long = запитуйте записи не більше ніж за рік за раз
entry-money-invalid = «{ $input }» — не сума грошей; пишіть так: 120,50
entry-today-only = { $project } приймає час лише за сьогодні (так налаштовано проєкт у Worksection); запишіть його сьогоднішньою датою
entry-nothing-to-change = нічого змінювати: вкажіть тривалість, коментар, дату або суму
entries-unknown-task = (невідоме завдання)

## Naming a task

task-ref-empty = назвіть завдання: його номер, посилання на нього у Worksection або слова з його назви
task-ref-project-link = «{ $link }» — посилання на проєкт, а не на завдання (потрібне …/project/P/T/)

## The queue: what a queued write does, and what is wrong with one

queue-no-entry = у черзі немає запису { $id }
queue-entry-unreadable = ця версія Worktray не може прочитати запис { $id } з черги: оновіть Worktray, щоб надіслати його, або відкиньте його
queue-entry-not-changeable = запис { $id } з черги зараз не можна змінити (його вже немає, або він, можливо, уже дійшов до Worksection)
queue-row-column-unreadable = не вдається прочитати { $column ->
    [created_at_ms] час
    [operation] операцію
    [state] стан
    [attempts] кількість спроб
    [last_error] останню помилку
    [maybe_applied] позначку надсилання
    [baseline] базову кількість
    [next_attempt_ms] час повторної спроби
   *[other] { $column }
}: { $error }
queue-row-state-unknown = невідомий стан «{ $state }»
queue-row-unreadable = ця версія Worktray не може його прочитати ({ $problems }); він залишається як є для новішої версії: оновіть Worktray або відкиньте його
op-update = змінити запис { $id }
op-delete = видалити запис { $id }
op-a-task = «завдання без назви»
op-start = запустити таймер на { $task }
op-stop-at = зупинити таймер на { $task } о { $time }
op-stop-leaving-out = зупинити таймер на { $task } о { $time }, не враховуючи { $away } відсутності
op-stop = зупинити таймер
op-discard = скасувати таймер на { $task }
op-schedule =
{ $count ->
    [one] змінити { $count } день розкладу
    [few] змінити { $count } дні розкладу
   *[many] змінити { $count } днів розкладу
}
op-unknown-kind = невідомий запис «{ $kind }»
op-unknown = невідомий запис
timer-stopped-elsewhere = таймер на { $task } уже було зупинено деінде
timer-saved-without-away = збережено як { $time }, без часу відсутності
timer-saved-until-stop = збережено як { $time }, час до того, як ви його зупинили
timer-started-elsewhere = тим часом деінде запустили таймер на { $task }; Worktray не зупинив його

## The timer: a start with --since, a refused start, an away answer that keeps too much

write-nothing = немає чого записувати
since-after-other-timer = таймер на { $task } запущено о { $time }, тобто пізніше; почніть із { $time } або пізніше чи спершу скасуйте той таймер
since-already-running = таймер уже йде на { $task }; запишіть час до його запуску окремим записом (worktray log)
start-refused-before-logged = { $message }; час до запуску ({ $time }) записано
since-under-a-minute = це менше ніж хвилину тому: запустіть таймер без --since
since-timer-only = { $project } приймає час лише з таймера (так налаштовано проєкт у Worksection), тож хвилини до цього моменту записати не можна; запустіть таймер без --since
away-keep-at-most = відсутність тривала { $away }; залиште не більше цього

## The daemon's socket

ipc-server-busy =
{ $count ->
    [one] трей Worktray уже обслуговує { $count } з'єднання; спробуйте ще раз за мить
    [few] трей Worktray уже обслуговує { $count } з'єднання; спробуйте ще раз за мить
   *[many] трей Worktray уже обслуговує { $count } з'єднань; спробуйте ще раз за мить
}
ipc-request-too-long = запит задовгий: не більше { $kib } КіБ у рядку
ipc-request-malformed = хибний запит: { $error }

## Settings the daemon refuses

settings-time-of-day = «{ $input }» — не час доби; пишіть так: 09:00
settings-work-hours-order = робочі години мають закінчуватися пізніше, ніж починаються
settings-work-hours-after = нагадувати можна щонайменше після хвилини без таймера
settings-long-timer-hours = для нагадування про довгий таймер потрібна щонайменше година (або вимкніть його)
settings-keep-window-max =
{ $count ->
    [one] тримати закрите вікно напоготові можна щонайбільше { $count } секунду
    [few] тримати закрите вікно напоготові можна щонайбільше { $count } секунди
   *[many] тримати закрите вікно напоготові можна щонайбільше { $count } секунд
}
settings-away-after-max =
{ $count ->
    [one] відсутність можна рахувати не пізніше ніж через { $count } хвилину без дій (або 0 — ніколи)
    [few] відсутність можна рахувати не пізніше ніж через { $count } хвилини без дій (або 0 — ніколи)
   *[many] відсутність можна рахувати не пізніше ніж через { $count } хвилин без дій (або 0 — ніколи)
}
settings-pinned-max =
{ $count ->
    [one] закріпити можна щонайбільше { $count } завдання
    [few] закріпити можна щонайбільше { $count } завдання
   *[many] закріпити можна щонайбільше { $count } завдань
}

## The local database, repaired

db-recovered = локальна база даних { $path } була пошкоджена ({ $reason }); її перенесено до { $moved_to } і розпочато нову з { $count ->
    [one] { $count } записом черги, який вдалося прочитати
    [few] { $count } записами черги, які вдалося прочитати
   *[many] { $count } записами черги, які вдалося прочитати
}
db-recovered-partly = локальна база даних { $path } була пошкоджена ({ $reason }); її перенесено до { $moved_to } і розпочато нову з { $count ->
    [one] { $count } записом черги, який вдалося прочитати
    [few] { $count } записами черги, які вдалося прочитати
   *[many] { $count } записами черги, які вдалося прочитати
} (частину її прочитати не вдалося)

## Signing in: the app's details, the listener, what was pasted

sign-in-redirect-not-local = { $redirect_uri } не на цьому комп'ютері; натомість вставте адресу, на яку вас перенаправило
sign-in-redirect-not-local-paste = адреса перенаправлення { $redirect_uri } не на цьому комп'ютері, тож Worktray не може отримати вхід; скористайтеся `worktray login`, щоб вставити адресу, на яку вас перенаправило
sign-in-listener-stopped = локальний сервер для входу зупинився
sign-in-redirect-not-url = адреса перенаправлення «{ $redirect_uri }» — не URL: { $error }
sign-in-redirect-not-https = адреса перенаправлення { $redirect_uri } має починатися з https://
sign-in-client-id-empty = client id порожній; скопіюйте його з Worksection: налаштування облікового запису → API
sign-in-client-secret-empty = client secret порожній; скопіюйте його з Worksection: налаштування облікового запису → API
session-renewed-not-saved = Worksection поновив вхід, але системне сховище паролів не прийняло нові токени ({ $error }). Вони зберігаються лише в пам'яті, і Worktray щохвилини пропонує їх сховищу знову; якщо Worktray закриється раніше, ніж сховище їх прийме, доведеться увійти знову
sign-in-paste-empty = вставте адресу, на яку браузер перейшов, або код із неї
sign-in-paste-not-address = це не та адреса, на яку вас перенаправило: { $error }
sign-in-paste-other-attempt = ця адреса належить до іншої спроби входу; скористайтеся найновішою
sign-in-paste-no-code = в адресі немає коду
sign-in-paste-not-code = це не схоже на код; вставте всю адресу, на яку вас перенаправило
sign-in-timed-out =
{ $minutes ->
    [one] вхід не завершено за { $minutes } хвилину; почніть його знову
    [few] вхід не завершено за { $minutes } хвилини; почніть його знову
   *[many] вхід не завершено за { $minutes } хвилин; почніть його знову
}

## The tray daemon

daemon-not-signed-in-yet = вхід ще не виконано: відкрийте Worktray і увійдіть до Worksection
daemon-not-signed-in = вхід не виконано
daemon-signed-out = ви вийшли; увійдіть знову, щоб відстежувати час
daemon-already-running = worktray уже запущено; його вікно відкрито.
daemon-no-sign-in-waiting = жоден вхід не чекає на адресу; спершу почніть вхід
tray-no-desktop = немає робочого столу, щоб показати значок у треї: { $error }
tray-icon-not-created = не вдається створити значок у треї: { $error }

## Global shortcuts the tray refuses

shortcut-purpose-picker = вибір завдання
shortcut-purpose-log-time = запис часу
shortcut-invalid = «{ $shortcut }» — не скорочення ({ $error }); пишіть так: ctrl+alt+KeyT
shortcut-twice = { $shortcut } не може відкривати і { $other }, і { $purpose }; виберіть два різні скорочення
shortcut-wayland = цей робочий стіл Wayland не дозволяє застосункам перехоплювати глобальні скорочення; натомість призначте `worktray open picker` або `worktray open log` клавішу в налаштуваннях клавіатури вашого робочого столу
shortcut-unavailable = глобальні скорочення тут недоступні: { $error }
shortcut-taken = { $shortcut } не можна використати (можливо, його зайняла інша програма): { $error }

## The presence sources: why one does not work, what each watches (worktray doctor), the sleep inhibitor's reason

presence-no-display = немає DISPLAY
presence-xwayland = DISPLAY — це XWayland у сеансі Wayland: його час бездіяльності враховує лише введення у вікна X11
presence-no-x-server = не вдається під'єднатися до X-дисплея { $display }: { $error }
presence-no-screen = X-дисплей { $display } не має екрана { $screen }
presence-no-screen-saver = X-сервер не має розширення MIT-SCREEN-SAVER
presence-no-bus = немає { $bus ->
    [session] сеансової
   *[system] системної
} шини: { $error }
presence-not-on-bus = { $name } немає на { $bus ->
    [session] сеансовій
   *[system] системній
} шині
presence-no-session = logind не знає сеансу цього процесу ({ $error }), а XDG_SESSION_ID не задано
presence-failed = помилка { $what }: { $error }
presence-inhibit-why = Зупинити таймер, перш ніж комп'ютер засне
doctor-works-used = працює (використовується)
doctor-works-not-needed = працює (не потрібне: працює попереднє джерело часу бездіяльності)
doctor-does-not-work = не працює: { $reason }
doctor-missing-idle = часу бездіяльності немає: відсутність видно лише з блокувань і сну
doctor-missing-lock = блокування екрана не видно
doctor-missing-sleep = сон видно лише згодом, як стрибок годинника
doctor-watches-x11-idle = час бездіяльності дисплея X11 (MIT-SCREEN-SAVER)
doctor-watches-mutter-idle = час бездіяльності GNOME (org.gnome.Mutter.IdleMonitor)
doctor-watches-screensaver-idle = час бездіяльності від org.freedesktop.ScreenSaver
doctor-watches-screensaver-lock = блокування екрана від org.freedesktop.ScreenSaver
doctor-watches-gnome-screensaver-lock = блокування екрана від org.gnome.ScreenSaver
doctor-watches-logind-lock = блокування сеансу logind
doctor-watches-logind-sleep = призупинення і вимкнення (logind), з блокуванням-затримкою
