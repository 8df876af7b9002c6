//! "How you connect": the command line, my.cnf section, URL, DSN or config object the person
//! connects with. It goes to the analysis as `Inputs.settings` (the core reads the client,
//! host, port and CA path from it); redacted like the error message before it enters a link.

use yew::prelude::*;

use crate::web::components::PemField;
use crate::web::state::{Field, StateHandle};

#[function_component]
pub fn SettingsInput() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    html! {
        <PemField id="settings" label="How you connect" field={Field::Settings}
            value={AttrValue::from(state.settings.clone())} rows={3} file_button={false}
            help="The command, connection URL, DSN or config you connect with (mysql -h … --ssl-mode=…, jdbc:mysql://…, a my.cnf [client] section, a driver's options). Passwords and user names are removed before it goes into a link."
            placeholder="mysql -h mydb.abc123xyz.us-east-1.rds.amazonaws.com -P 3306 --ssl-mode=VERIFY_IDENTITY --ssl-ca=global-bundle.pem" />
    }
}
