mod answers;
mod profiles;
mod schema;
