//! The help overlay: keyboard shortcuts and how to read the picture.

use yew::prelude::*;

use super::state::{Action, Playground};
use crate::i18n::pick;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

#[component]
pub fn Help(props: &Props) -> Html {
    let state = &props.state;
    let l = state.locale;
    let close_button = use_node_ref();
    // Move focus into the dialog when it opens.
    {
        let close_button = close_button.clone();
        use_effect_with(state.help, move |open| {
            if *open {
                if let Some(b) = close_button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    if !state.help {
        return html! {};
    }
    let close = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ToggleHelp))
    };
    let on_key = {
        let (dispatch, close_button) = (state.dispatcher(), close_button.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                dispatch.dispatch(Action::ToggleHelp);
            }
            // The close button is the dialog's only control: keep focus in.
            "Tab" => {
                e.prevent_default();
                if let Some(b) = close_button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
            _ => {}
        })
    };
    let keep_open = Callback::from(|e: MouseEvent| e.stop_propagation());
    let keys = [
        ("Space", pick(l, "play / pause", "재생 / 일시 정지")),
        ("→", pick(l, "one step forwards", "한 단계 앞으로")),
        (
            "←",
            pick(l, "one step back in time", "한 단계 뒤로 (시간 되감기)"),
        ),
        (
            "n",
            pick(
                l,
                "jump to the next interesting event (crash, election, loss …)",
                "다음 주요 이벤트로 이동 (장애, 리더 선출, 유실 …)",
            ),
        ),
        (
            "p",
            pick(
                l,
                "presenter mode: large type for projectors",
                "발표 모드: 프로젝터용 큰 글씨",
            ),
        ),
        ("?", pick(l, "this help", "이 도움말")),
        (
            "Esc",
            pick(l, "close menus and this help", "메뉴와 이 도움말 닫기"),
        ),
    ];
    let reading = [
        pick(l, "Each row of cells is one replica's log: one cell per record, numbered by offset.",
            "셀 한 줄이 레플리카 하나의 로그입니다. 셀 하나가 레코드 하나이고 번호는 오프셋입니다."),
        pick(l, "The HW line is the high watermark: records below it are committed and visible to consumers.",
            "HW 선은 하이 워터마크입니다. 그 아래 레코드는 커밋되어 컨슈머가 읽을 수 있습니다."),
        pick(l, "The LEO marker is the log end offset: where the next record will be written.",
            "LEO 표시는 로그 끝 오프셋(log end offset)으로, 다음 레코드가 쓰일 자리입니다."),
        pick(l, "The leader badge shows which replica leads, with its leader epoch; the ISR lists the in-sync replicas.",
            "리더 배지는 리더 레플리카와 리더 에포크를, ISR은 동기화된 레플리카 목록을 보여 줍니다."),
        pick(l, "Moving dots are messages on the network: requests, responses, heartbeats, fetches.",
            "움직이는 점은 네트워크 메시지입니다: 요청, 응답, 하트비트, 페치."),
        pick(l, "Red marks loss: a record that was acknowledged or read and is now gone.",
            "빨간색은 유실입니다: 확인(ack)받았거나 읽힌 레코드가 사라진 것입니다."),
    ];
    html! {
        <div class="help-backdrop" onclick={close.clone()}>
            <div class="help" role="dialog" aria-modal="true" aria-labelledby="help-title"
                data-testid="help" onclick={keep_open} onkeydown={on_key}>
                <div class="help-head">
                    <h2 id="help-title">{ pick(l, "Help", "도움말") }</h2>
                    <button type="button" ref={close_button} onclick={close} data-testid="help-close">
                        { pick(l, "Close", "닫기") }
                    </button>
                </div>
                <h3>{ pick(l, "Keyboard", "키보드") }</h3>
                <dl class="shortcuts">
                    { for keys.iter().map(|(k, what)| html! {
                        <div class="shortcut"><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></div>
                    }) }
                </dl>
                <h3>{ pick(l, "Reading the picture", "그림 읽는 법") }</h3>
                <ul class="reading">{ for reading.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
                <p class="hint">{ pick(l,
                    "Hover over a setting's name for what it does in Kafka. Click a broker to crash, restart or shut it down.",
                    "설정 이름 위에 마우스를 올리면 카프카에서의 의미가 나옵니다. 브로커를 누르면 다운·재시작·종료할 수 있습니다.") }</p>
            </div>
        </div>
    }
}
