//! What a queued write becomes on the wire: the Worksection request that carries it, and the
//! look-up that tells whether a cost row has already landed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::api::{ApiClient, CostAmount, CostChange, CostFilter, NewCost, ScheduleMark};
use crate::error::Result;
use crate::models::{Id, Me};

fn amount(minutes: Option<u32>, money: Option<String>, at_my_rate: bool) -> Option<CostAmount> {
    match (minutes, money, at_my_rate) {
        (Some(minutes), _, true) => Some(CostAmount::TimeAtMyRate { minutes }),
        (Some(minutes), Some(amount), false) => Some(CostAmount::TimeAndMoney { minutes, amount }),
        (Some(minutes), None, false) => Some(CostAmount::Time { minutes }),
        (None, Some(amount), _) => Some(CostAmount::Money { amount }),
        (None, None, _) => None,
    }
}

/// The `add_costs` of a queued entry.
pub(super) fn new_cost(
    task: &Id,
    minutes: Option<u32>,
    money: Option<String>,
    at_my_rate: bool,
    comment: &str,
    date: NaiveDate,
) -> NewCost {
    NewCost {
        task: task.clone(),
        amount: amount(minutes, money, at_my_rate)
            .unwrap_or(CostAmount::Money { amount: "0".into() }),
        comment: Some(comment.to_owned()).filter(|c| !c.is_empty()),
        date: Some(date),
    }
}

/// The `update_costs` of a queued edit.
pub(super) fn cost_change(
    minutes: Option<u32>,
    money: Option<String>,
    at_my_rate: bool,
    comment: &Option<String>,
    date: Option<NaiveDate>,
) -> CostChange {
    CostChange {
        amount: amount(minutes, money, at_my_rate),
        comment: comment.clone(),
        date,
    }
}

/// The `update_users_schedule` of a queued schedule edit: one user's days.
pub(super) fn schedule(
    user: &str,
    days: &BTreeMap<NaiveDate, ScheduleMark>,
) -> BTreeMap<String, BTreeMap<NaiveDate, ScheduleMark>> {
    BTreeMap::from([(user.to_owned(), days.clone())])
}

/// How many of my cost rows on `task` and `date` look exactly like this entry.
pub(super) async fn count_matching(
    api: &ApiClient,
    me: &Me,
    task: &Id,
    minutes: Option<u32>,
    comment: &str,
    date: NaiveDate,
) -> Result<i64> {
    let filter = CostFilter {
        from: Some(date),
        to: Some(date),
        task: Some(task.clone()),
        ..CostFilter::default()
    };
    let page = api.costs(&filter).await?;
    Ok(page
        .rows
        .iter()
        .filter(|row| row.user_from.as_ref().is_some_and(|u| u.id == me.id))
        .filter(|row| row.task.as_ref().is_none_or(|t| t.id == *task))
        .filter(|row| minutes.is_none_or(|m| row.time.0 == m))
        .filter(|row| row.comment.trim() == comment.trim())
        .count() as i64)
}
