//! `me`: the signed-in user's profile.

use serde_json::Value;

use super::{ok_data, Ctx};
use crate::error::ApiError;
use crate::render::profile_json;

/// `data` is an object, as in the vendor's Postman example (the docs show an array of one).
pub(super) fn me(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    Ok(ok_data(profile_json(&ctx.actor, ctx.base_url)))
}
