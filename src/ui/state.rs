//! The page's single reducer. It owns the simulated cluster; components get
//! read-only views and send `Action`s. Side effects (localStorage) live in
//! effects in `app.rs`, never here, so `reduce` stays pure.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::cluster::Cluster;
use crate::engine::rng::Rng;
use crate::i18n::Locale;

/// The demo cluster the page opens with: 3 brokers, topic `orders` with
/// 3 partitions, replication factor 3 (the seed notes' recommended RF).
pub const DEMO_SEED: u64 = 1;
pub const DEMO_TOPIC: &str = "orders";

#[derive(Clone, Debug, PartialEq)]
pub struct Playground {
    pub locale: Locale,
    pub cluster: Cluster,
}

pub enum Action {
    SetLocale(Locale),
}

impl Playground {
    pub fn demo(locale: Locale) -> Self {
        let mut cluster = Cluster::new(&[1, 2, 3]);
        cluster
            .create_topic(DEMO_TOPIC, 3, 3, &mut Rng::new(DEMO_SEED))
            .expect("3 brokers can hold RF 3");
        Playground { locale, cluster }
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetLocale(locale) => Rc::new(Playground {
                locale,
                ..(*self).clone()
            }),
        }
    }
}
