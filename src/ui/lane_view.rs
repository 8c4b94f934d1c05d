//! Placeholder: being written.

use yew::prelude::*;

use super::state::Playground;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
    pub lane: usize,
}

#[component]
pub fn LaneView(_props: &Props) -> Html {
    html! {}
}
