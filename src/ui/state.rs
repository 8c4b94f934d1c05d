//! The page's single reducer. It owns the session (every lane's timeline);
//! components get read-only views and send `Action`s. Side effects
//! (localStorage, the URL, timers) live in effects in `app.rs`, never here,
//! so `reduce` stays a pure function of the state and the action.
//!
//! The session sits behind `Rc<RefCell<…>>`: cloning timelines (with their
//! checkpoints) on every frame would be far too slow, so the reducer
//! mutates it in place and bumps `version`, which is what props compare.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::Reducible;

use super::alarms::Why;

use crate::engine::command::{Command, CommandError};
use crate::engine::types::TimeMs;
use crate::i18n::Locale;
use crate::playground::playback::{Pace, SPEEDS};
use crate::playground::preset::PresetId;
use crate::playground::session::Session;

/// With reduced motion, real milliseconds between steps at 1×.
const REDUCED_MOTION_STEP_MS: f64 = 600.0;

/// How far "next interesting event" may run ahead looking for one.
const MARKER_SEARCH_MS: TimeMs = 120_000;

#[derive(Clone)]
pub struct Playground {
    pub locale: Locale,
    session: Rc<RefCell<Session>>,
    /// Bumped on every change to the session.
    pub version: u64,
    pub playing: bool,
    pub pace: Pace,
    /// Index into `SPEEDS`.
    pub speed: usize,
    /// Fractional simulated time the dots are drawn at.
    pub clock: f64,
    /// The last refused command or unreadable link/file, shown as a banner.
    pub error: Option<String>,
    pub presenter: bool,
    pub help: bool,
    /// Which lane the event log and the panels show.
    pub lane: usize,
    /// Show network chatter (sends and deliveries) in the event log.
    pub chatter: bool,
    /// A broker whose fault menu is open.
    pub selected_broker: Option<i32>,
    /// The preset's end has been reached once (play pauses there).
    pub reached_end: bool,
    /// `prefers-reduced-motion`: play advances one step at a time instead
    /// of animating messages along the links.
    pub reduced_motion: bool,
    /// Real milliseconds gathered towards the next reduced-motion step.
    step_wait_ms: f64,
    /// The share link last made, shown until another session loads (a
    /// link always reopens the session it was made from).
    pub share_link: Option<String>,
    /// The alarm whose causes are listed ("show why").
    pub why: Option<Why>,
    /// What the learner typed into "Where does my key go".
    pub keys_typed: String,
    /// The topic picked there (until then, the topic written last).
    pub keys_topic: Option<String>,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.version == other.version
            && self.locale == other.locale
            && self.playing == other.playing
            && self.speed == other.speed
            && self.error == other.error
            && self.presenter == other.presenter
            && self.help == other.help
            && self.lane == other.lane
            && self.chatter == other.chatter
            && self.selected_broker == other.selected_broker
            && self.share_link == other.share_link
            && self.why == other.why
            && self.keys_typed == other.keys_typed
            && self.keys_topic == other.keys_topic
    }
}

pub enum Action {
    SetLocale(Locale),
    TogglePlay,
    /// One animation frame of this many real milliseconds.
    Frame(f64),
    Step,
    StepBack,
    SeekTime(TimeMs),
    SeekEvent {
        lane: usize,
        seq: u64,
    },
    NextMarker,
    SetSpeed(usize),
    /// A command for every lane (produce, crash, cut a link …).
    Act(Command),
    LoadPreset(PresetId),
    /// A session read from a link, a file or the autosave.
    Load(Result<Session, String>),
    /// The same session replayed under another config: the panels stay on
    /// the lane shown.
    Replay(Session),
    DismissError,
    ShowShareLink(String),
    ShowWhy(Option<Why>),
    TypeKeys(String),
    PickKeysTopic(String),
    TogglePresenter,
    ToggleHelp,
    ShowLane(usize),
    ToggleChatter,
    SelectBroker(Option<i32>),
    /// Esc: the help and the broker menu close.
    CloseOverlays,
}

impl Playground {
    pub fn new(locale: Locale, session: Session) -> Self {
        Playground {
            locale,
            clock: session.now() as f64,
            session: Rc::new(RefCell::new(session)),
            version: 0,
            playing: false,
            pace: Pace::Idle,
            speed: 2,
            error: None,
            presenter: false,
            help: false,
            lane: 0,
            chatter: false,
            selected_broker: None,
            reached_end: false,
            reduced_motion: false,
            step_wait_ms: 0.0,
            share_link: None,
            why: None,
            keys_typed: String::new(),
            keys_topic: None,
        }
    }

    pub fn session(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }

    /// Which session this is: a new one (a preset, a link, a file, a
    /// replay under another config) gets a new id.
    pub fn session_id(&self) -> usize {
        Rc::as_ptr(&self.session) as usize
    }

    pub fn speed_factor(&self) -> f64 {
        SPEEDS[self.speed]
    }

    /// When the current preset's script ends (play pauses there once).
    fn end_ms(&self) -> TimeMs {
        let s = self.session.borrow();
        s.lanes
            .iter()
            .map(|l| l.scenario.stop_at_ms)
            .max()
            .unwrap_or(0)
    }

    /// Runs `f` on the session and marks the state changed.
    fn change(mut self, f: impl FnOnce(&mut Session)) -> Self {
        f(&mut self.session.borrow_mut());
        self.version += 1;
        self.clock = self.session.borrow().now() as f64;
        self
    }

    fn refused(mut self, e: CommandError) -> Self {
        self.error = Some(e.to_string());
        self
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let s = match action {
            Action::SetLocale(locale) => Playground { locale, ..s },
            Action::TogglePlay => Playground {
                playing: !s.playing,
                ..s
            },
            Action::Frame(dt) => {
                if !s.playing {
                    return self;
                }
                let speed = s.speed_factor();
                if s.reduced_motion {
                    s.step_wait_ms += dt * speed;
                    if s.step_wait_ms < REDUCED_MOTION_STEP_MS {
                        return self;
                    }
                    s.step_wait_ms = 0.0;
                    s = s.change(|x| {
                        x.step();
                    });
                } else {
                    let mut clock = s.clock;
                    let pace = s.session.borrow_mut().play_frame(&mut clock, dt, speed);
                    s.version += 1;
                    s.clock = clock;
                    s.pace = pace;
                }
                let end = s.end_ms();
                if !s.reached_end && s.session.borrow().now() >= end {
                    s.reached_end = true;
                    s.playing = false;
                }
                s
            }
            Action::Step => s.change(|x| {
                x.step();
            }),
            Action::StepBack => s.change(|x| {
                x.step_back();
            }),
            Action::SeekTime(t) => s.change(|x| x.seek_time(t)),
            Action::SeekEvent { lane, seq } => s.change(|x| x.seek_event(lane, seq)),
            Action::NextMarker => s.change(|x| {
                x.jump_to_next_marker(MARKER_SEARCH_MS);
            }),
            Action::SetSpeed(i) => Playground {
                speed: i.min(SPEEDS.len() - 1),
                ..s
            },
            Action::Act(cmd) => {
                let result = s.session.borrow_mut().act(cmd);
                match result {
                    Ok(()) => {
                        s.error = None;
                        s.change(|_| {})
                    }
                    Err(e) => s.refused(e),
                }
            }
            Action::LoadPreset(p) => match Session::from_preset(p) {
                Ok(session) => Playground::new(s.locale, session).keep_view(&s),
                Err(e) => s.refused(e),
            },
            Action::Load(Ok(session)) => Playground::new(s.locale, session).keep_view(&s),
            Action::Replay(session) => {
                let mut next = Playground::new(s.locale, session).keep_view(&s);
                next.lane = s.lane.min(next.session.borrow().lanes.len() - 1);
                next
            }
            Action::Load(Err(message)) => {
                s.error = Some(message);
                s
            }
            Action::DismissError => Playground { error: None, ..s },
            Action::ShowShareLink(url) => Playground {
                share_link: Some(url),
                ..s
            },
            Action::ShowWhy(why) => Playground { why, ..s },
            Action::TypeKeys(keys_typed) => Playground { keys_typed, ..s },
            Action::PickKeysTopic(topic) => Playground {
                keys_topic: Some(topic),
                ..s
            },
            Action::TogglePresenter => Playground {
                presenter: !s.presenter,
                ..s
            },
            Action::ToggleHelp => Playground { help: !s.help, ..s },
            Action::ShowLane(lane) => {
                s.lane = lane.min(s.session.borrow().lanes.len() - 1);
                s
            }
            Action::ToggleChatter => Playground {
                chatter: !s.chatter,
                ..s
            },
            Action::CloseOverlays => Playground {
                help: false,
                selected_broker: None,
                ..s
            },
            Action::SelectBroker(b) => Playground {
                selected_broker: b,
                ..s
            },
        };
        Rc::new(s)
    }
}

impl Playground {
    /// A new session keeps the viewer's settings (language, speed,
    /// presenter) and the keys looked up, so they can be seen under
    /// another partitioner.
    fn keep_view(mut self, old: &Playground) -> Self {
        self.keys_typed.clone_from(&old.keys_typed);
        self.keys_topic.clone_from(&old.keys_topic);
        self.speed = old.speed;
        self.presenter = old.presenter;
        self.chatter = old.chatter;
        self.reduced_motion = old.reduced_motion;
        self.version = old.version + 1;
        self
    }
}
