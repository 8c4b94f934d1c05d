use super::*;

/// Lines joined by newlines: `text(&["", "A", ""])` is `"\nA\n"`.
fn text(lines: &[&str]) -> String {
    lines.join("\n")
}

fn member(consumer_id: &str, host: &str, client_id: &str, assignment: &[(&str, u32)]) -> Member {
    Member {
        consumer_id: consumer_id.to_string(),
        group_instance_id: None,
        host: host.to_string(),
        client_id: client_id.to_string(),
        assignment: assignment.iter().map(|&(t, p)| Tp::new(t, p)).collect(),
    }
}

fn offsets(entries: &[(&str, u32, i64)]) -> VecMap<Tp, i64> {
    entries
        .iter()
        .map(|&(t, p, o)| (Tp::new(t, p), o))
        .collect()
}

fn unowned_row(topic: &str, partition: u32, current: i64, end: i64) -> OffsetRow {
    OffsetRow {
        topic: topic.to_string(),
        partition,
        current_offset: Some(current),
        log_end_offset: Some(end),
        consumer_id: Some(MISSING.to_string()),
        host: Some(MISSING.to_string()),
        client_id: Some(MISSING.to_string()),
    }
}

/// The offsets header when no column needed widening.
const NARROW_HEADER: &str = "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID";
const UNOWNED_ORDERS_0: &str = "billing         orders          0          5               8               3               -               -               -";
const EMPTY_NOTE: &str = "\nConsumer group 'billing' has no active members.\n";

const ID_1: &str = "consumer-billing-1-3f2a9c1e-0b7d-4e2a-9f11-2c3d4e5f6a7b";
const ID_2: &str = "consumer-billing-2-7c1d0e5a-93b4-4f0e-b1a2-5d6e7f8a9b0c";

#[test]
fn offsets_view_of_a_stable_group() {
    // consumer 2 owns three partitions (given out of order), consumer 1 one,
    // consumer 3 none; refunds-0 has a commit but no owner. orders-2 was
    // never committed; payments-0 has no known end offset.
    let members = [
        member(ID_1, "/10.0.0.1", "consumer-billing-1", &[("orders", 2)]),
        member(
            ID_2,
            "/10.0.0.2",
            "consumer-billing-2",
            &[("payments", 0), ("orders", 1), ("orders", 0)],
        ),
        member(
            "consumer-billing-3-0a0a",
            "/10.0.0.3",
            "consumer-billing-3",
            &[],
        ),
    ];
    let committed = offsets(&[
        ("orders", 0, 5),
        ("orders", 1, 7),
        ("payments", 0, 3),
        ("refunds", 0, 10),
    ]);
    let ends = offsets(&[
        ("orders", 0, 8),
        ("orders", 1, 7),
        ("orders", 2, 4),
        ("refunds", 0, 12),
    ]);
    let rows = offset_rows(&members, &committed, &ends);
    let out = describe_offsets("billing", GroupState::Stable, &rows);
    assert_eq!(
        out.stdout,
        text(&[
            "",
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                             HOST            CLIENT-ID",
            "billing         orders          0          5               8               3               consumer-billing-2-7c1d0e5a-93b4-4f0e-b1a2-5d6e7f8a9b0c /10.0.0.2       consumer-billing-2",
            "billing         orders          1          7               7               0               consumer-billing-2-7c1d0e5a-93b4-4f0e-b1a2-5d6e7f8a9b0c /10.0.0.2       consumer-billing-2",
            "billing         payments        0          3               -               -               consumer-billing-2-7c1d0e5a-93b4-4f0e-b1a2-5d6e7f8a9b0c /10.0.0.2       consumer-billing-2",
            "billing         orders          2          -               4               -               consumer-billing-1-3f2a9c1e-0b7d-4e2a-9f11-2c3d4e5f6a7b /10.0.0.1       consumer-billing-1",
            "billing         refunds         0          10              12              2               -                                                       -               -",
            "",
        ])
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn an_empty_group_shows_its_committed_offsets_and_a_note() {
    let committed = offsets(&[("orders", 1, 7), ("orders", 0, 5)]);
    let ends = offsets(&[("orders", 0, 8), ("orders", 1, 9)]);
    let rows = offset_rows(&[], &committed, &ends);
    assert_eq!(
        rows,
        [
            unowned_row("orders", 0, 5, 8),
            unowned_row("orders", 1, 7, 9)
        ]
    );
    let out = describe_offsets("billing", GroupState::Empty, &rows);
    assert_eq!(
        out.stdout,
        text(&[
            "",
            NARROW_HEADER,
            UNOWNED_ORDERS_0,
            "billing         orders          1          7               9               2               -               -               -",
            "",
        ])
    );
    assert_eq!(out.stderr, EMPTY_NOTE);
}

#[test]
fn an_empty_group_without_offsets_prints_only_the_note() {
    let out = describe_offsets("billing", GroupState::Empty, &[]);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, EMPTY_NOTE);
    // A stable group whose members own nothing and that committed nothing
    // prints nothing at all.
    assert_eq!(
        describe_offsets("billing", GroupState::Stable, &[]),
        Describe::default()
    );
}

#[test]
fn a_rebalancing_group_warns_on_stderr_and_still_prints() {
    for state in [
        GroupState::PreparingRebalance,
        GroupState::CompletingRebalance,
    ] {
        let out = describe_offsets("billing", state, &[unowned_row("orders", 0, 5, 8)]);
        assert_eq!(
            out.stdout,
            text(&["", NARROW_HEADER, UNOWNED_ORDERS_0, "",])
        );
        assert_eq!(
            out.stderr,
            "\nWarning: Consumer group 'billing' is rebalancing.\n"
        );
    }
}

#[test]
fn a_dead_group_is_an_error_on_stdout() {
    let out = describe_offsets(
        "billing",
        GroupState::Dead,
        &[unowned_row("orders", 0, 5, 8)],
    );
    assert_eq!(
        out.stdout,
        "\nError: Consumer group 'billing' does not exist.\n"
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn korean_and_supplementary_characters_are_measured_in_utf16_units() {
    // 결제팀 is 3 units, padded to 15 (12 spaces); the topic column widens
    // to 16 for eight crabs (2 units each, 8 chars), so 주문 gets 14 spaces
    // where counting chars would give 13; the consumer id is 17 units.
    let rows = [
        OffsetRow {
            topic: "주문".to_string(),
            partition: 0,
            current_offset: Some(1),
            log_end_offset: Some(3),
            consumer_id: Some("소비자-아이디-열여섯-글자-초과".to_string()),
            host: Some("/10.0.0.9".to_string()),
            client_id: Some("결제-클라이언트".to_string()),
        },
        unowned_row("🦀🦀🦀🦀🦀🦀🦀🦀", 0, -1, 4),
    ];
    let out = describe_offsets("결제팀", GroupState::Stable, &rows);
    assert_eq!(
        out.stdout,
        text(&[
            "",
            "GROUP           TOPIC            PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID       HOST            CLIENT-ID",
            "결제팀             주문               0          1               3               2               소비자-아이디-열여섯-글자-초과 /10.0.0.9       결제-클라이언트",
            "결제팀             🦀🦀🦀🦀🦀🦀🦀🦀 0          -1              4               -               -                 -               -",
            "",
        ])
    );
}

#[test]
fn lag_needs_a_committed_offset_and_an_end_offset() {
    let mut r = unowned_row("orders", 0, 5, 8);
    assert_eq!(r.lag(), Some(3));
    r.current_offset = Some(-1);
    assert_eq!(r.lag(), None);
    r.current_offset = None;
    assert_eq!(r.lag(), None);
    r.current_offset = Some(5);
    r.log_end_offset = None;
    assert_eq!(r.lag(), None);
}

#[test]
fn rows_follow_java_string_order_and_partition_numbers() {
    // Java compares UTF-16 units: the crab (D83E DD80) sorts before the
    // fullwidth Ｚ (FF3A), although its UTF-8 bytes sort after; "a" after "Z".
    let m = member(
        "c",
        "/h",
        "c",
        &[("Ｚ", 0), ("🦀", 0), ("a", 10), ("a", 2), ("Z", 0)],
    );
    let rows = offset_rows(&[m], &VecMap::new(), &VecMap::new());
    let order: Vec<(&str, u32)> = rows
        .iter()
        .map(|r| (r.topic.as_str(), r.partition))
        .collect();
    assert_eq!(order, [("Z", 0), ("a", 2), ("a", 10), ("🦀", 0), ("Ｚ", 0)]);
    assert!(
        "🦀" > "Ｚ",
        "Rust's byte order differs, which is why java_cmp exists"
    );
}

#[test]
fn members_with_more_partitions_come_first_and_ties_keep_their_order() {
    let members = [
        member("one", "/h1", "c1", &[("t", 0)]),
        member("two-a", "/h2", "c2", &[("t", 1), ("t", 2)]),
        member("two-b", "/h3", "c3", &[("t", 4), ("t", 3)]),
    ];
    let rows = offset_rows(&members, &VecMap::new(), &VecMap::new());
    let order: Vec<(&str, u32)> = rows
        .iter()
        .map(|r| (r.consumer_id.as_deref().unwrap_or(""), r.partition))
        .collect();
    assert_eq!(
        order,
        [
            ("two-a", 1),
            ("two-a", 2),
            ("two-b", 3),
            ("two-b", 4),
            ("one", 0)
        ]
    );
}

#[test]
fn members_view_pads_every_column_and_ends_rows_with_a_space() {
    let members = [
        member(
            ID_1,
            "/10.0.0.1",
            "consumer-billing-1",
            &[("orders", 0), ("orders", 1)],
        ),
        member(
            "consumer-billing-2-7c1d",
            "/10.0.0.2",
            "consumer-billing-2",
            &[],
        ),
    ];
    let out = describe_members("billing", GroupState::Stable, &members);
    assert_eq!(
        out.stdout,
        text(&[
            "",
            "GROUP           CONSUMER-ID                                             HOST            CLIENT-ID          #PARTITIONS     ",
            "billing         consumer-billing-1-3f2a9c1e-0b7d-4e2a-9f11-2c3d4e5f6a7b /10.0.0.1       consumer-billing-1 2               ",
            "billing         consumer-billing-2-7c1d                                 /10.0.0.2       consumer-billing-2 0               ",
            "",
        ])
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn members_view_adds_group_instance_id_when_any_member_is_static() {
    let mut a = member(
        "billing-a-5e6f",
        "/10.0.0.1",
        "consumer-billing-a",
        &[("orders", 0)],
    );
    a.group_instance_id = Some("billing-a".to_string());
    let b = member(
        "consumer-billing-2-7c1d",
        "/10.0.0.2",
        "consumer-billing-2",
        &[("orders", 1)],
    );
    let out = describe_members("billing", GroupState::Stable, &[a, b]);
    assert_eq!(
        out.stdout,
        text(&[
            "",
            "GROUP           CONSUMER-ID             GROUP-INSTANCE-ID HOST            CLIENT-ID          #PARTITIONS     ",
            "billing         billing-a-5e6f          billing-a         /10.0.0.1       consumer-billing-a 1               ",
            "billing         consumer-billing-2-7c1d                   /10.0.0.2       consumer-billing-2 1               ",
            "",
        ])
    );
}

#[test]
fn members_view_prints_the_header_even_for_dead_or_empty_groups() {
    let header = "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     ";
    let dead = describe_members("billing", GroupState::Dead, &[]);
    assert_eq!(
        dead.stdout,
        text(&[
            "",
            "Error: Consumer group 'billing' does not exist.",
            "",
            header,
            ""
        ])
    );
    let empty = describe_members("billing", GroupState::Empty, &[]);
    assert_eq!(empty.stdout, text(&["", header, ""]));
    assert_eq!(empty.stderr, EMPTY_NOTE);
}

fn summary(host: &str, id: i32, strategy: &str, members: usize) -> GroupSummary {
    GroupSummary {
        coordinator: Coordinator {
            host: host.to_string(),
            port: 9092,
            id,
        },
        assignment_strategy: strategy.to_string(),
        members,
    }
}

#[test]
fn state_view_for_each_state_and_width() {
    let korean = "결제팀-정산-컨슈머-그룹-서울";
    let cases: [(&str, GroupState, GroupSummary, &[&str], String); 4] = [
        // The coordinator column widens past 25 for a long host.
        (
            "billing",
            GroupState::Stable,
            summary("broker-2.kafka.svc.cluster.local", 2, "range", 2),
            &[
                "",
                "GROUP           COORDINATOR (ID)                           ASSIGNMENT-STRATEGY  STATE                #MEMBERS",
                "billing         broker-2.kafka.svc.cluster.local:9092  (2) range                Stable               2",
                "",
            ],
            String::new(),
        ),
        // No assignor chosen yet: "-".
        (
            "billing",
            GroupState::Empty,
            summary("localhost", 1, "", 0),
            &[
                "",
                "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS",
                "billing         localhost:9092  (1)       -                    Empty                0",
                "",
            ],
            EMPTY_NOTE.to_string(),
        ),
        // A 16-unit Korean group name widens the GROUP column to 16.
        (
            korean,
            GroupState::CompletingRebalance,
            summary("localhost", 1, "cooperative-sticky", 3),
            &[
                "",
                "GROUP            COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS",
                "결제팀-정산-컨슈머-그룹-서울 localhost:9092  (1)       cooperative-sticky   CompletingRebalance  3",
                "",
            ],
            format!("\nWarning: Consumer group '{korean}' is rebalancing.\n"),
        ),
        (
            korean,
            GroupState::Dead,
            summary("localhost", 1, "range", 0),
            &["", "Error: Consumer group '결제팀-정산-컨슈머-그룹-서울' does not exist.", ""],
            String::new(),
        ),
    ];
    for (group, state, summary, stdout, stderr) in cases {
        let out = describe_state(group, state, &summary);
        assert_eq!(out.stdout, text(stdout), "{state}");
        assert_eq!(out.stderr, stderr, "{state}");
    }
}

#[test]
fn headers_match_the_reference_columns() {
    let reference: serde_json::Value = serde_json::from_str(include_str!(
        "../../../tests/data/consumer_groups_describe.json"
    ))
    .unwrap();
    let columns = |view: &str| -> Vec<String> {
        reference[view]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    let header_of = |stdout: &str| -> String { stdout.lines().nth(1).unwrap().to_string() };
    let split = |line: &str| -> Vec<String> {
        // COORDINATOR (ID) is the one header with a space inside.
        line.replace("COORDINATOR (ID)", "COORDINATOR\u{0}(ID)")
            .split_whitespace()
            .map(|c| c.replace('\u{0}', " "))
            .collect()
    };
    let offsets = describe_offsets("g", GroupState::Stable, &[unowned_row("t", 0, 1, 1)]);
    assert_eq!(
        split(&header_of(&offsets.stdout)),
        columns("kafka-consumer-groups.sh --describe (default = --offsets)")
    );
    let members = describe_members("g", GroupState::Stable, &[member("c", "/h", "c", &[])]);
    assert_eq!(
        split(&header_of(&members.stdout)),
        columns("kafka-consumer-groups.sh --describe --members")
    );
    let state = describe_state("g", GroupState::Stable, &summary("h", 1, "range", 1));
    assert_eq!(
        split(&header_of(&state.stdout)),
        columns("kafka-consumer-groups.sh --describe --state")
    );
}
