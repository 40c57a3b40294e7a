// Raccordo MSI custom actions (JScript, run by msiexec's own script host; no WScript object there).
//
// wixl (msitools) compiles a subset of WiX 3 with no IniFile, XmlFile, util:CloseApplication or
// PermissionEx, so the three things the MSI tables cannot say are done here, each one small:
//   CheckNotRunning  immediate, install/upgrade/uninstall: refuse while Raccordo.exe runs on the machine
//   SeedConfig       deferred as LocalSystem: write %PROGRAMDATA%\Raccordo\raccordo.toml from the
//                    public properties, or copy a raccordo.toml placed next to the .msi; lock the folder
//                    so only administrators can change it
//   RemoveData       deferred as LocalSystem, only on uninstall with REMOVE_DATA=1: delete the
//                    machine file and every profile's %LOCALAPPDATA%\Raccordo (database, logs, backups)
// Return values: 1 = success, 3 = failure (msiexec rolls the installation back, exit code 1603).

var SUCCESS = 1;
var FAILURE = 3;
var SEP = "|~|"; // between CustomActionData fields; XML cannot carry control characters

function log(text) {
    // msiexec /l*v writes these lines to the log ("Raccordo: ...").
    var record = Session.Installer.CreateRecord(0);
    record.StringData(0) = "Raccordo: " + text;
    Session.Message(0x04000000, record); // INSTALLMESSAGE_INFO
}

function fail(text) {
    var record = Session.Installer.CreateRecord(0);
    record.StringData(0) = text;
    Session.Message(0x01000000, record); // INSTALLMESSAGE_ERROR: dialog when interactive, log when silent
    return FAILURE;
}

function checkNotRunning() {
    var wmi = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\cimv2");
    var found = wmi.ExecQuery("SELECT ProcessId FROM Win32_Process WHERE Name = 'Raccordo.exe' OR Name = 'raccordo-cli.exe'");
    if (found.Count > 0) {
        return fail("Raccordo e' in uso su questo computer (" + found.Count + " processi). " +
                    "Chiudere Raccordo in tutte le sessioni e ripetere l'installazione.");
    }
    return SUCCESS;
}

function tomlString(value) {
    return "\"" + value.replace(/\\/g, "\\\\").replace(/"/g, "\\\"") + "\"";
}

function tomlList(value) {
    // "015146; Sesto San Giovanni" or "a,b": semicolons or commas separate items.
    var items = value.split(/[;,]/);
    var out = [];
    for (var i = 0; i < items.length; i++) {
        var item = items[i].replace(/^\s+|\s+$/g, "");
        if (item.length > 0) out.push(tomlString(item));
    }
    return "[" + out.join(", ") + "]";
}

// Order must match the SetSeedConfig value in raccordo.wxs.
var FIELDS = [
    ["office", "name", "OFFICE_NAME", "text"],
    ["office", "municipalities", "MUNICIPALITIES", "list"],
    ["sync", "source", "SYNC_SOURCE", "text"],
    ["sync", "trusted_keys", "TRUSTED_KEYS", "list"],
    ["database", "url", "DATABASE_URL", "text"],
    ["roles", "editors", "EDITORS", "list"],
    ["roles", "publishers", "PUBLISHERS", "list"],
    ["roles", "supervisors", "SUPERVISORS", "list"]
];

function run(command) {
    var shell = new ActiveXObject("WScript.Shell");
    return shell.Run(command, 0, true); // hidden window, wait
}

function seedConfig() {
    var data = Session.Property("CustomActionData").split(SEP);
    // data = [configDir, originalDatabase, value of each FIELDS entry...]
    var fso = new ActiveXObject("Scripting.FileSystemObject");
    var dir = data[0].replace(/\\+$/, "");
    var target = dir + "\\raccordo.toml";
    if (!fso.FolderExists(dir)) fso.CreateFolder(dir);
    // Administrators and SYSTEM change it, users read it: a user must not be able to create the file
    // (ProgramData lets users create files in subfolders by default) and grant themselves roles.
    var rc = run("icacls \"" + dir + "\" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F " +
                 "*S-1-5-32-545:(OI)(CI)RX");
    if (rc != 0) log("icacls ha restituito " + rc + " per " + dir);

    var beside = fso.GetParentFolderName(data[1]) + "\\raccordo.toml";
    if (fso.FileExists(beside)) {
        if (fso.FileExists(target)) fso.CopyFile(target, target + ".prima-dell-installazione", true);
        fso.CopyFile(beside, target, true);
        log("copiato " + beside + " in " + target);
        return SUCCESS;
    }
    var tables = {};
    var order = [];
    var given = 0;
    for (var i = 0; i < FIELDS.length; i++) {
        var value = data[2 + i] || "";
        if (value.length == 0) continue;
        var table = FIELDS[i][0];
        if (!tables[table]) { tables[table] = []; order.push(table); }
        tables[table].push(FIELDS[i][1] + " = " + (FIELDS[i][3] == "list" ? tomlList(value) : tomlString(value)));
        given++;
    }
    if (given == 0) {
        log("nessuna proprieta' di configurazione: " + target + " resta com'e'");
        return SUCCESS; // an upgrade keeps IT's file untouched
    }
    if (fso.FileExists(target)) fso.CopyFile(target, target + ".prima-dell-installazione", true);
    var text = "# Scritto dall'installazione di Raccordo; verificare con: raccordo-cli config --check \"" +
               target + "\"\r\n";
    for (var t = 0; t < order.length; t++) {
        text += "\r\n[" + order[t] + "]\r\n" + tables[order[t]].join("\r\n") + "\r\n";
    }
    // UTF-8 without BOM, as tomllib expects: ADODB.Stream writes UTF-8 with a BOM, which is then skipped.
    var stream = new ActiveXObject("ADODB.Stream");
    stream.Type = 2;
    stream.Charset = "utf-8";
    stream.Open();
    stream.WriteText(text);
    stream.Position = 3; // past the BOM
    var bytes = new ActiveXObject("ADODB.Stream");
    bytes.Type = 1;
    bytes.Open();
    stream.CopyTo(bytes);
    bytes.SaveToFile(target, 2);
    bytes.Close();
    stream.Close();
    log("scritto " + target + " (" + given + " impostazioni)");
    return SUCCESS;
}

function removeData() {
    var data = Session.Property("CustomActionData").split(SEP);
    var fso = new ActiveXObject("Scripting.FileSystemObject");
    var shell = new ActiveXObject("WScript.Shell");
    if (fso.FolderExists(data[0])) fso.DeleteFolder(data[0].replace(/\\+$/, ""), true);
    var profiles = shell.ExpandEnvironmentStrings(shell.RegRead(
        "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\ProfilesDirectory"));
    var users = new Enumerator(fso.GetFolder(profiles).SubFolders);
    for (; !users.atEnd(); users.moveNext()) {
        var folder = users.item().Path + "\\AppData\\Local\\Raccordo";
        if (fso.FolderExists(folder)) {
            try {
                fso.DeleteFolder(folder, true);
                log("eliminato " + folder);
            } catch (e) {
                log("impossibile eliminare " + folder + ": " + e.message);
            }
        }
    }
    return SUCCESS;
}
