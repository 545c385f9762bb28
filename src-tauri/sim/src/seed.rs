//! The data a simulator starts with. Dates are relative to today (local time) so the demo
//! always shows "last week" of costs and "next month" of vacation.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Local, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::config::Seed;
use crate::state::{
    Booking, DayKind, Project, ProjectOptions, ProjectStatus, Role, Task, TaskStatus, User, World,
    ANY_ID, NOONE_ID, NO_MANAGER_ID,
};
use crate::tokens::OAuthClient;

/// The signed-in user of both seeds: Alex Morgan.
pub(crate) const DEMO_USER_ID: u64 = 4127;
const DANA_ID: u64 = 3801;
const PRIYA_ID: u64 = 4133;
const SAM_ID: u64 = 4160;

const WEBSITE_ID: u64 = 6214;
const MOBILE_ID: u64 = 6231;
const INTERNAL_ID: u64 = 6258;
const BRAND_ID: u64 = 6102;

/// The OAuth2 app registered at start, with the redirect URI Worktray offers by default
/// (`https://localhost:47811/callback`), so `worktray login` works against it unchanged.
pub(crate) fn demo_client() -> OAuthClient {
    OAuthClient {
        client_id: "worktray-demo-client".to_owned(),
        client_secret: "worktray-demo-secret".to_owned(),
        redirect_uri: "https://localhost:47811/callback".to_owned(),
    }
}

pub(crate) fn world(seed: Seed) -> World {
    let today = Local::now().date_naive();
    match seed {
        Seed::Empty => empty(today),
        Seed::Demo => demo(today),
    }
}

fn days_ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn days_ahead(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn alex(role: Role) -> User {
    User {
        id: DEMO_USER_ID,
        first_name: "Alex".to_owned(),
        last_name: "Morgan".to_owned(),
        email: "alex.morgan@acme.example".to_owned(),
        title: "Product designer".to_owned(),
        role,
        rate: 40.0,
        group: "Design".to_owned(),
        department: "Product team".to_owned(),
        phone: Some("+1 555 0142".to_owned()),
    }
}

fn empty_world(account_name: &str) -> World {
    World {
        account_name: account_name.to_owned(),
        users: BTreeMap::new(),
        projects: BTreeMap::new(),
        tasks: BTreeMap::new(),
        costs: BTreeMap::new(),
        timers: BTreeMap::new(),
        schedules: BTreeMap::new(),
        schedule_writes_allowed: true,
        next_cost_id: 3640,
    }
}

/// One user (who, alone in the account, is its owner), one project, two open tasks.
fn empty(today: NaiveDate) -> World {
    let mut world = empty_world("Sandbox");
    world.users.insert(DEMO_USER_ID, alex(Role::Owner));
    let added = at(days_ago(today, 1), 9, 0);
    world.projects.insert(
        6001,
        Project {
            id: 6001,
            name: "Sandbox".to_owned(),
            status: ProjectStatus::Active,
            company: "Sandbox".to_owned(),
            user_from: DEMO_USER_ID,
            user_to: DEMO_USER_ID,
            text: String::new(),
            date_added: added,
            date_start: None,
            date_end: None,
            options: default_options(),
            max_time: None,
            max_money: None,
            tags: BTreeMap::new(),
            members: vec![DEMO_USER_ID],
        },
    );
    for (id, name) in [(330001, "First task"), (330002, "Second task")] {
        world.tasks.insert(
            id,
            task(TaskSpec {
                id,
                project_id: 6001,
                parent_id: None,
                name,
                user_to: DEMO_USER_ID,
                status: TaskStatus::Active,
                added,
            }),
        );
    }
    world
}

fn default_options() -> ProjectOptions {
    ProjectOptions {
        allow_close: 1,
        allow_give: 1,
        ..ProjectOptions::default()
    }
}

fn demo(today: NaiveDate) -> World {
    let mut world = empty_world("Acme Studio");
    for user in demo_users() {
        world.users.insert(user.id, user);
    }
    for project in demo_projects(today) {
        world.projects.insert(project.id, project);
    }
    for task in demo_tasks(today) {
        world.tasks.insert(task.id, task);
    }
    add_demo_costs(&mut world, today);
    world.schedules = demo_schedules(today);
    world
}

fn demo_users() -> Vec<User> {
    let person =
        |id, first: &str, last: &str, title: &str, role, rate, group: &str, dept: &str| User {
            id,
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email: format!("{}.{}@acme.example", first, last).to_lowercase(),
            title: title.to_owned(),
            role,
            rate,
            group: group.to_owned(),
            department: dept.to_owned(),
            phone: None,
        };
    vec![
        alex(Role::User),
        person(
            DANA_ID,
            "Dana",
            "Lee",
            "Studio director",
            Role::Owner,
            60.0,
            "Management",
            "Leadership",
        ),
        person(
            PRIYA_ID,
            "Priya",
            "Shah",
            "Frontend developer",
            Role::AccountAdmin,
            45.0,
            "Development",
            "Web team",
        ),
        person(
            SAM_ID,
            "Sam",
            "Rivera",
            "Freelance copywriter",
            Role::Guest,
            30.0,
            "Contractors",
            "External",
        ),
    ]
}

fn demo_projects(today: NaiveDate) -> Vec<Project> {
    let base = |id, name: &str, company: &str, manager, members: Vec<u64>| Project {
        id,
        name: name.to_owned(),
        status: ProjectStatus::Active,
        company: company.to_owned(),
        user_from: DANA_ID,
        user_to: manager,
        text: String::new(),
        date_added: at(days_ago(today, 60), 10, 18),
        date_start: None,
        date_end: None,
        options: default_options(),
        max_time: None,
        max_money: None,
        tags: BTreeMap::new(),
        members,
    };
    let everyone = vec![DANA_ID, DEMO_USER_ID, PRIYA_ID, SAM_ID];
    vec![
        Project {
            text: "New marketing site for Northwind Coffee".to_owned(),
            date_start: Some(days_ago(today, 45)),
            date_end: Some(days_ahead(today, 30)),
            max_time: Some(400),
            max_money: Some(16000),
            tags: BTreeMap::from([(105601, "client".to_owned()), (105602, "web".to_owned())]),
            ..base(
                WEBSITE_ID,
                "Website redesign",
                "Clients",
                DANA_ID,
                everyone.clone(),
            )
        },
        Project {
            text: "iOS and Android app for Northwind Coffee loyalty cards".to_owned(),
            options: ProjectOptions {
                timer_only: 1,
                ..default_options()
            },
            max_time: Some(600),
            ..base(
                MOBILE_ID,
                "Mobile app",
                "Clients",
                PRIYA_ID,
                vec![DANA_ID, DEMO_USER_ID, PRIYA_ID],
            )
        },
        Project {
            text: "Meetings, hiring and studio admin".to_owned(),
            options: ProjectOptions {
                time_today: 1,
                ..default_options()
            },
            ..base(
                INTERNAL_ID,
                "Internal operations",
                "Acme Studio",
                NO_MANAGER_ID,
                everyone,
            )
        },
        Project {
            status: ProjectStatus::Archived,
            text: "Brand book refresh, delivered".to_owned(),
            date_added: at(days_ago(today, 400), 9, 30),
            ..base(
                BRAND_ID,
                "Brand guidelines 2023",
                "Clients",
                DANA_ID,
                vec![DANA_ID, DEMO_USER_ID],
            )
        },
    ]
}

struct TaskSpec<'a> {
    id: u64,
    project_id: u64,
    parent_id: Option<u64>,
    name: &'a str,
    user_to: u64,
    status: TaskStatus,
    added: NaiveDateTime,
}

fn task(spec: TaskSpec<'_>) -> Task {
    let closed = (spec.status == TaskStatus::Done)
        .then(|| spec.added.checked_add_days(Days::new(3)))
        .flatten();
    Task {
        id: spec.id,
        project_id: spec.project_id,
        parent_id: spec.parent_id,
        name: spec.name.to_owned(),
        text: String::new(),
        status: spec.status,
        priority: 1,
        user_from: DANA_ID,
        user_to: spec.user_to,
        date_added: spec.added,
        date_start: None,
        date_end: None,
        date_closed: closed,
        max_time: None,
        max_money: None,
        subscribers: vec![DANA_ID, spec.user_to],
    }
}

/// (id, project, parent, name, assignee, status, created days ago)
type DemoTask<'a> = (u64, u64, Option<u64>, &'a str, u64, TaskStatus, u64);

fn demo_tasks(today: NaiveDate) -> Vec<Task> {
    use TaskStatus::{Active, Done};
    let me = DEMO_USER_ID;
    let specs: [DemoTask<'_>; 20] = [
        (
            331402,
            WEBSITE_ID,
            None,
            "Homepage wireframes",
            me,
            Active,
            40,
        ),
        (
            331405,
            WEBSITE_ID,
            None,
            "Design system tokens",
            me,
            Active,
            38,
        ),
        (
            331406,
            WEBSITE_ID,
            Some(331405),
            "Color palette",
            me,
            Active,
            38,
        ),
        (
            331407,
            WEBSITE_ID,
            Some(331405),
            "Typography scale",
            me,
            Done,
            37,
        ),
        (
            331410,
            WEBSITE_ID,
            None,
            "Landing page copy",
            SAM_ID,
            Active,
            35,
        ),
        (
            331412,
            WEBSITE_ID,
            None,
            "Accessibility audit",
            me,
            Done,
            30,
        ),
        (331415, WEBSITE_ID, None, "Contact form QA", me, Active, 20),
        (
            331418,
            WEBSITE_ID,
            None,
            "Responsive header",
            ANY_ID,
            Active,
            18,
        ),
        (331520, MOBILE_ID, None, "Onboarding flow", me, Active, 33),
        (
            331523,
            MOBILE_ID,
            None,
            "Push notification settings",
            me,
            Active,
            31,
        ),
        (
            331526,
            MOBILE_ID,
            None,
            "App Store screenshots",
            me,
            Done,
            29,
        ),
        (
            331529,
            MOBILE_ID,
            None,
            "Crash report triage",
            NOONE_ID,
            Active,
            12,
        ),
        (
            331531,
            MOBILE_ID,
            None,
            "Offline mode spike",
            PRIYA_ID,
            Active,
            10,
        ),
        (331640, INTERNAL_ID, None, "Team meetings", me, Active, 55),
        (
            331642,
            INTERNAL_ID,
            None,
            "Hiring interviews",
            me,
            Active,
            50,
        ),
        (
            331645,
            INTERNAL_ID,
            None,
            "Tooling and admin",
            me,
            Active,
            50,
        ),
        (
            331646,
            INTERNAL_ID,
            Some(331645),
            "Laptop setup for new hires",
            me,
            Active,
            14,
        ),
        (
            331648,
            INTERNAL_ID,
            None,
            "Quarterly planning",
            DANA_ID,
            Done,
            45,
        ),
        (330890, BRAND_ID, None, "Logo usage rules", me, Done, 400),
        (330894, BRAND_ID, None, "Print templates", me, Active, 398),
    ];
    let mut tasks: Vec<Task> = specs
        .into_iter()
        .map(|(id, project_id, parent_id, name, user_to, status, age)| {
            task(TaskSpec {
                id,
                project_id,
                parent_id,
                name,
                user_to,
                status,
                added: at(days_ago(today, age), 10, 5),
            })
        })
        .collect();
    for task in &mut tasks {
        if task.id == 331402 {
            task.text = "Low-fidelity wireframes for home, pricing and about pages".to_owned();
            task.priority = 7;
            task.date_start = Some(days_ago(today, 14));
            task.date_end = Some(days_ahead(today, 7));
            task.max_time = Some(40);
            task.max_money = Some(1600);
        }
        // A parent task with a schedule and limits: every field of the vendor's get_task
        // example that the simulator models appears on one task (tests/newman).
        if task.id == 331405 {
            task.date_start = Some(days_ago(today, 30));
            task.date_end = Some(days_ahead(today, 14));
            task.max_time = Some(24);
            task.max_money = Some(960);
        }
    }
    tasks
}

/// A week of the demo user's costs (weekdays only) plus a few rows of colleagues, which the
/// API returns too: clients must pick their own rows by `user_from`.
fn add_demo_costs(world: &mut World, today: NaiveDate) {
    // (days ago, task, minutes, from the timer, comment)
    let mine: [(u64, u64, u32, bool, &str); 14] = [
        (1, 331402, 135, true, "Wireframes for the pricing section"),
        (1, 331640, 30, false, "Daily stand-up"),
        (2, 331406, 100, true, "Palette contrast checks"),
        (2, 331520, 185, true, "Onboarding screens v2"),
        (3, 331415, 70, false, "Form validation edge cases"),
        (3, 331640, 45, true, "Sprint planning"),
        (4, 331523, 150, true, "Settings screen layout"),
        (4, 331642, 60, true, "Interview: junior designer"),
        (5, 331402, 200, true, "Homepage hero iterations"),
        (5, 331645, 25, false, "Expense reports"),
        (6, 331520, 95, true, "Onboarding copy fixes"),
        (6, 331406, 50, false, ""),
        (7, 331415, 110, true, "Cross-browser pass"),
        (7, 331646, 40, false, "Set up two laptops"),
    ];
    for (age, task_id, minutes, is_timer, comment) in mine {
        let date = days_ago(today, age);
        if is_weekend(date) {
            continue;
        }
        // Timer rows earn the hourly rate; manual rows were entered without money.
        let money_cents = if is_timer {
            minutes_at_rate(minutes, 40)
        } else {
            0
        };
        world.add_cost(Booking {
            task_id,
            user_id: DEMO_USER_ID,
            minutes,
            money_cents,
            date,
            is_timer,
            comment: comment.to_owned(),
        });
    }
    let colleagues: [(u64, u64, u64, u32, bool, i64, &str); 3] = [
        (
            2,
            PRIYA_ID,
            331531,
            160,
            true,
            minutes_at_rate(160, 45),
            "Sync prototype",
        ),
        (3, SAM_ID, 331410, 90, false, 9000, "Hero and features copy"),
        (4, DANA_ID, 331418, 30, false, 0, "Review"),
    ];
    for (age, user_id, task_id, minutes, is_timer, money_cents, comment) in colleagues {
        world.add_cost(Booking {
            task_id,
            user_id,
            minutes,
            money_cents,
            date: days_ago(today, age),
            is_timer,
            comment: comment.to_owned(),
        });
    }
    for cost in world.costs.values_mut() {
        cost.date_added = at(cost.booked.date, 18, 0);
    }
}

fn minutes_at_rate(minutes: u32, rate: i64) -> i64 {
    (i64::from(minutes) * rate * 100 + 30) / 60
}

/// Alex: a Monday-to-Friday vacation next month and one sick day last month.
/// Dana: worked one Saturday last month.
fn demo_schedules(today: NaiveDate) -> BTreeMap<u64, BTreeMap<NaiveDate, DayKind>> {
    let this_month = today.with_day(1).unwrap_or(today);
    let next_month = this_month
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(this_month);
    let last_month = this_month
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(this_month);
    let first_monday = first_on_or_after(next_month, |date| date.weekday() == Weekday::Mon);
    let alex: BTreeMap<NaiveDate, DayKind> = (0..5)
        .map(|offset| (days_ahead(first_monday, offset), DayKind::Vacation))
        .chain([(
            first_on_or_after(days_ahead(last_month, 11), |date| !is_weekend(date)),
            DayKind::SickLeave,
        )])
        .collect();
    let dana = BTreeMap::from([(
        first_on_or_after(last_month, |date| date.weekday() == Weekday::Sat),
        DayKind::Workday,
    )]);
    BTreeMap::from([(DEMO_USER_ID, alex), (DANA_ID, dana)])
}

fn first_on_or_after(start: NaiveDate, wanted: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    (0..7)
        .map(|offset| days_ahead(start, offset))
        .find(|date| wanted(*date))
        .unwrap_or(start)
}
