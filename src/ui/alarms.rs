//! Placeholder: being written.

use yew::prelude::*;

use super::state::Playground;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

#[component]
pub fn Alarms(_props: &Props) -> Html {
    html! {}
}
