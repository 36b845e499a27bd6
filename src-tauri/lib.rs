//! The Tauri shell: logging, the data folder, state and the command list. All logic lives in
//! `complaintdesk_core`; this crate is glue between it and the window.
mod clock;
mod commands;
mod logging;
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
        .setup(|app| {
            if let Some(guard) = logging::init(&app.path().app_log_dir()?) {
                app.manage(guard);
            }
            let data_dir = data_dir(app.handle())?;
            std::fs::create_dir_all(&data_dir)?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "desk starting");

            // A database that cannot be opened (damaged, newer version) is not a crash: the
            // window starts and every command answers with the reason.
            let desk = complaintdesk_core::desk::Desk::open(&data_dir);
            if let Err(error) = &desk {
                tracing::error!(code = ?error.code, "the database could not be opened");
            }
            let opened = desk.is_ok();
            let background_check =
                desk.as_ref().ok().and_then(|d| d.store().needs_background_check().then(|| d.store().path().to_path_buf()));
            if let Some(path) = background_check {
                let handle = app.handle().clone();
                std::thread::spawn(move || match complaintdesk_core::store::check_in_background(&path) {
                    Ok(result) if result == "ok" => tracing::info!("background integrity check passed"),
                    Ok(_) | Err(_) => {
                        tracing::error!("background integrity check failed");
                        let _ = tauri::Emitter::emit(&handle, "database-damaged", ());
                    }
                });
            }
            app.manage(commands::DeskState::new(desk));
            if opened {
                watcher::start(app.handle().clone());
            }
            app.manage(DataDir(data_dir));
            Ok(())
        })
        // commands are registered here (one `commands::<area>::<verb_noun>` per line)
        .invoke_handler(tauri::generate_handler![
            commands::desk::get_app_state,
            commands::desk::get_clock,
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
            commands::cases::add_note,
            commands::cases::escalate_case,
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
        ])
        .run(tauri::generate_context!());

    if let Err(error) = app {
        tracing::error!(%error, "the app could not start");
        eprintln!("ComplaintDesk could not start: {error}");
        std::process::exit(1);
    }
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
