//! Brokers as columns; in each, the partition replicas it hosts, the
//! leader's marked. The KRaft controller is its own node beside them.

use yew::prelude::*;

use crate::engine::cluster::Cluster;
use crate::i18n::{tr, Locale, Text};

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub cluster: Cluster,
    pub locale: Locale,
}

#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let locale = props.locale;
    let cluster = &props.cluster;
    let columns = cluster.brokers.values().map(|broker| {
        let replicas = cluster.topics.values().flat_map(|t| {
            t.partitions.iter().filter(|p| p.replicas.contains(&broker.id)).map(move |p| {
                let leader = p.leader == Some(broker.id);
                let in_isr = p.isr.contains(&broker.id);
                let class = classes!("replica", leader.then_some("is-leader"), (!in_isr).then_some("out-of-sync"));
                let role = if leader { tr(locale, Text::Leader) } else { tr(locale, Text::Follower) };
                html! {
                    <li class={class} data-partition={format!("{}-{}", t.name, p.partition)}>
                        <span class="replica-name">{ format!("{}-{}", t.name, p.partition) }</span>
                        <span class="replica-role">{ role }</span>
                        <span class="replica-epoch" title="leader epoch">{ format!("e{}", p.leader_epoch) }</span>
                    </li>
                }
            })
        });
        html! {
            <div class="broker" data-broker={broker.id.to_string()}>
                <h3>
                    { format!("{} {}", tr(locale, Text::Broker), broker.id) }
                </h3>
                <ul class="replicas">{ for replicas }</ul>
            </div>
        }
    });
    html! {
        <section class="cluster" aria-label="cluster">
            <div class="controller-node" data-node="controller">
                <h3>
                    { tr(locale, Text::Controller) }
                    <span class="badge controller">{ "KRaft" }</span>
                </h3>
                <p class="node-note">{ tr(locale, Text::ControllerNote) }</p>
            </div>
            { for columns }
        </section>
    }
}
