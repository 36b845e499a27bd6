//! The Tauri shell: logging, the data folder, state and the command list. All logic lives in
//! `complaintdesk_core`; this crate is glue between it and the window.
mod clock;
mod commands;
mod first_screen;
mod instance;
mod live;
mod logging;
mod store_settings;
mod watcher;

use std::path::PathBuf;

use tauri::Manager;

/// Environment variable that moves the desk's data (database, backups, exports) to another
/// folder. Tests point it at a temp folder; without it the OS data folder is used.
pub const DATA_DIR_ENV: &str = "COMPLAINTDESK_DATA_DIR";

/// The folder holding this run's data, managed as state for the commands.
pub struct DataDir(pub PathBuf);

/// Starts the app and blocks until its last window closes.
pub fn run() {
    logging::log_panics();

    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_deep_link::init())
        .setup(|app| {
            if let Some(guard) = logging::init(&app.path().app_log_dir()?) {
                app.manage(guard);
            }
            let data_dir = data_dir(app.handle())?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "desk starting");
            // One window per data folder: a second launch brings the first forward and ends.
            let Some(window_lock) = instance::claim(&data_dir) else {
                tracing::info!("another window has this data folder; it was asked to come forward");
                eprintln!("客诉台已在运行（同一数据文件夹）：已把它的窗口带到前面。");
                std::process::exit(0);
            };
            app.manage(window_lock);

            // A database that cannot be opened (damaged, newer version, missing) is not a crash:
            // the window starts and every command answers with the reason.
            app.manage(first_screen::FirstScreen::default());
            app.manage(live::Live::default());
            app.manage(commands::import::ImportState::default());
            // On the team's shared store (store.json names one) there is no desk until a person
            // signs in and connects as themselves; the laptop's file is not opened.
            let desk = match store_settings::read(&data_dir) {
                Ok(Some(server)) => {
                    tracing::info!("the window works on a shared store: waiting for a sign-in");
                    Err(store_settings::awaiting_sign_in(&store_settings::place(&server)))
                }
                Ok(None) => open_desk(app.handle(), &data_dir),
                Err(error) => {
                    tracing::error!(rule = ?error.rule, "the store settings could not be read");
                    Err(error)
                }
            };
            let opened = desk.is_ok();
            if let Ok(desk) = &desk {
                check_beside(app.handle(), desk);
            }
            app.manage(commands::DeskState::new(desk));
            app.manage(commands::desk::WindowLocale::default());
            if opened {
                watcher::start(app.handle().clone());
            }
            instance::answer_second_launches(app.handle().clone(), data_dir.clone());
            // A call's link the app was started with waits for the window to ask for it.
            let pending = instance::launch_link().and_then(|l| complaintdesk_core::domain::screen_pop::parse(&l).ok());
            app.manage(instance::PendingScreenPop(std::sync::Mutex::new(pending)));
            // macOS hands links to the running app instead of a new process.
            #[cfg(target_os = "macos")]
            {
                use tauri_plugin_deep_link::DeepLinkExt;
                let handle = app.handle().clone();
                app.deep_link().on_open_url(move |event| {
                    for url in event.urls() {
                        instance::open_link(&handle, url.as_str());
                    }
                });
            }
            app.manage(DataDir(data_dir));
            Ok(())
        })
        // commands are registered here (one `commands::<area>::<verb_noun>` per line)
        .invoke_handler(tauri::generate_handler![
            commands::desk::get_app_state,
            commands::desk::window_shown,
            commands::desk::get_clock,
            commands::desk::set_locale,
            commands::desk::setup_desk,
            commands::desk::get_catalog,
            commands::desk::list_users,
            commands::desk::create_user,
            commands::desk::update_user,
            commands::desk::sign_in,
            commands::desk::sign_out,
            commands::desk::lock,
            commands::desk::unlock,
            commands::desk::set_first_password,
            commands::desk::set_idle_lock_minutes,
            commands::desk::reset_password,
            commands::cases::create_case,
            commands::cases::find_open_cases,
            commands::cases::list_cases,
            commands::cases::get_case,
            commands::cases::move_case,
            commands::cases::move_cases,
            commands::cases::add_note,
            commands::cases::escalate_case,
            commands::cases::correct_case,
            commands::cases::get_my_work,
            commands::cases::add_attachment,
            commands::cases::save_attachment,
            commands::deadlines::approve_extension,
            commands::deadlines::list_rule_packs,
            commands::deadlines::list_calendar_years,
            commands::deadlines::import_calendar,
            commands::deadlines::set_service_time,
            commands::deadlines::request_extension,
            commands::deadlines::set_desk_zone,
            commands::followups::record_followup,
            commands::followups::get_followup_queue,
            commands::followups::get_followup_form,
            commands::followups::get_customer_history,
            commands::customer::get_customer,
            commands::customer::reveal_customer_data,
            commands::followups::get_followup_settings,
            commands::followups::set_followup_settings,
            commands::followups::list_followup_scripts,
            commands::followups::set_followup_script,
            commands::followups::list_script_placeholders,
            commands::kpi::get_dashboard,
            commands::kpi::get_kpi_settings,
            commands::kpi::set_kpi_settings,
            commands::kpi::list_trainings,
            commands::kpi::add_training,
            commands::kpi::export_cases,
            commands::kpi::export_kpi,
            commands::documents::issue_document,
            commands::documents::issue_monthly,
            commands::documents::get_letterhead,
            commands::documents::set_letterhead,
            commands::documents::set_letterhead_logo,
            commands::documents::list_reply_templates,
            commands::documents::set_reply_templates,
            commands::sites::list_sites,
            commands::sites::get_site_settings,
            commands::sites::set_sites,
            commands::audit::verify_audit,
            commands::privacy::get_privacy_settings,
            commands::privacy::set_privacy_settings,
            commands::privacy::reveal_personal_data,
            commands::backup::get_backup_settings,
            commands::backup::set_backup_settings,
            commands::backup::backup_now,
            commands::backup::list_backups,
            commands::backup::list_backups_at_start,
            commands::backup::restore_backup,
            commands::backup::get_backup_status,
            commands::backup::delete_backup,
            commands::backup::retry_open_desk,
            commands::backup::start_new_desk,
            commands::desk::take_screen_pop,
            commands::store::get_store_settings,
            commands::store::get_store_status,
            commands::store::test_store_connection,
            commands::store::set_store_settings,
            commands::migrate::migrate_to_shared,
            commands::migrate::export_shared_copy,
            commands::knowledge::suggest_categories,
            commands::knowledge::get_classifier_status,
            commands::knowledge::similar_cases,
            commands::knowledge::merge_into_open_case,
            commands::improvements::open_improvement,
            commands::improvements::list_improvements,
            commands::improvements::get_improvement,
            commands::improvements::move_improvement,
            commands::improvements::link_to_improvement,
            commands::campaigns::open_campaign,
            commands::campaigns::list_campaigns,
            commands::campaigns::get_campaign,
            commands::campaigns::campaign_queue,
            commands::campaigns::get_campaign_call,
            commands::campaigns::record_campaign_call,
            commands::campaigns::close_campaign,
            commands::import::pick_import_file,
            commands::import::preview_import,
            commands::import::run_import,
            commands::import::cancel_import,
            commands::import::save_import_report,
            commands::import::list_import_mappings,
            commands::import::save_import_mapping,
        ])
        .run(tauri::generate_context!());

    if let Err(error) = app {
        tracing::error!(%error, "the app could not start");
        eprintln!("ComplaintDesk could not start: {error}");
        std::process::exit(1);
    }
}

/// Opens the desk in `data_dir` at start or on "try again": a folder that never had a desk gets a
/// new one; one that had (the app's settings or the desk's own traces say so) and lost its
/// database is reported as missing. A desk that opens is remembered, and what interrupted
/// backups left behind is cleaned up.
pub(crate) fn open_desk(app: &tauri::AppHandle, data_dir: &std::path::Path) -> Result<complaintdesk_core::desk::Desk, complaintdesk_core::domain::DeskError> {
    let desk = complaintdesk_core::desk::Desk::open_at_start(data_dir, instance::known(app, data_dir));
    match &desk {
        Ok(d) => {
            if d.app_state(None, false).is_ok_and(|s| s.setup_done) {
                instance::remember(app, data_dir);
            }
            if let Err(e) = d.clean_leftovers(clock::now()) {
                tracing::warn!(code = ?e.code, "leftover files not cleaned");
            }
        }
        Err(error) => tracing::error!(code = ?error.code, "the database could not be opened"),
    }
    desk
}

/// Checks the laptop's file of `desk` beside it when it is large enough to need it (see
/// `first_screen`), once the window has drawn its first screen. Damage found then closes the desk
/// (every command answers `database_corrupt`) and the window shows its restore screen.
pub(crate) fn check_beside(app: &tauri::AppHandle, desk: &complaintdesk_core::desk::Desk) {
    let Some(path) = desk.store().file().filter(|s| s.needs_background_check()).map(|s| s.path().to_path_buf()) else { return };
    let handle = app.clone();
    std::thread::spawn(move || {
        handle.state::<first_screen::FirstScreen>().wait();
        let damaged = match complaintdesk_core::store::check_in_background(&path) {
            Ok(result) => result != "ok",
            Err(e) => e.code == complaintdesk_core::domain::ErrorCode::DatabaseCorrupt,
        };
        if !damaged {
            tracing::info!("integrity check beside the open desk passed");
            return;
        }
        tracing::error!("integrity check beside the open desk failed");
        let state = handle.state::<commands::DeskState>();
        // The window may have moved to another store meanwhile (数据存储).
        if !state.with(|d| Ok(d.store().file().is_some_and(|f| f.path() == path))).unwrap_or(false) {
            return;
        }
        let _ = state.replace(|| {
            Err(complaintdesk_core::domain::DeskError::new(
                complaintdesk_core::domain::ErrorCode::DatabaseCorrupt,
                "数据库完整性检查未通过，请从备份恢复",
            ))
        });
        let _ = tauri::Emitter::emit(&handle, "database-damaged", ());
    });
}

/// `COMPLAINTDESK_DATA_DIR` if set, else the OS data folder for the app
/// (`~/.local/share/<identifier>` on Linux, `~/Library/Application Support/<identifier>` on
/// macOS, `%APPDATA%\<identifier>` on Windows).
fn data_dir(app: &tauri::AppHandle) -> tauri::Result<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => app.path().app_data_dir(),
    }
}
