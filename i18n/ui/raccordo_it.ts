<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="it_IT" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Raccordo</source>
        <translation>Informazioni su Raccordo</translation>
    </message>
    <message>
        <source>Raccordo {version}</source>
        <translation>Raccordo {version}</translation>
    </message>
    <message>
        <source>Referents, leaflet packs and statistics for the eviction protocol of the Milan courts.</source>
        <translation>Referenti, volantini multilingue e statistiche per il protocollo sugli sfratti degli uffici giudiziari di Milano.</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>(assente)</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Cartella dati:</translation>
    </message>
    <message>
        <source>System settings (IT):</source>
        <translation>Impostazioni di sistema (IT):</translation>
    </message>
    <message>
        <source>User settings:</source>
        <translation>Impostazioni utente:</translation>
    </message>
    <message>
        <source>Log file:</source>
        <translation>File di log:</translation>
    </message>
    <message>
        <source>Territory data:</source>
        <translation>Dati del territorio:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Rubrica:</translation>
    </message>
    <message>
        <source>Leaflet texts:</source>
        <translation>Testi dei volantini:</translation>
    </message>
    <message>
        <source>Published version:</source>
        <translation>Versione pubblicata:</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>non disponibile</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Raccordo - {office}</source>
        <translation>Raccordo - {office}</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Sezioni</translation>
    </message>
    <message>
        <source>Opening the database...</source>
        <translation>Apertura del database...</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Rubrica</translation>
    </message>
    <message>
        <source>Leaflet packs</source>
        <translation>Volantini</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistiche</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Aggiornamento dati</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Esci</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aiuto</translation>
    </message>
    <message>
        <source>&amp;About Raccordo</source>
        <translation>&amp;Informazioni su Raccordo</translation>
    </message>
    <message>
        <source>Configuration: {problem}</source>
        <translation>Configurazione: {problem}</translation>
    </message>
    <message>
        <source>Served municipalities not recognised in the IT settings: {names}</source>
        <translation>Comuni serviti non riconosciuti nelle impostazioni IT: {names}</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>Your preferences</source>
        <translation>Le sue preferenze</translation>
    </message>
    <message>
        <source>Interface language (after restart):</source>
        <translation>Lingua dell'interfaccia (al riavvio):</translation>
    </message>
    <message>
        <source> days</source>
        <translation> giorni</translation>
    </message>
    <message>
        <source>Mark referents to verify after:</source>
        <translation>Segnala i referenti da verificare dopo:</translation>
    </message>
    <message>
        <source>Large print by default</source>
        <translation>Caratteri grandi come impostazione iniziale</translation>
    </message>
    <message>
        <source>Save preferences</source>
        <translation>Salva preferenze</translation>
    </message>
    <message>
        <source>Settings in force (those marked IT are set by the IT department for the whole workstation and cannot be changed here):</source>
        <translation>Impostazioni in vigore (quelle segnate IT sono decise dal servizio informatico per tutta la postazione e non si modificano qui):</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Impostazione</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valore</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Chiave</translation>
    </message>
    <message>
        <source>default</source>
        <translation>predefinita</translation>
    </message>
    <message>
        <source>IT (system file)</source>
        <translation>IT (file di sistema)</translation>
    </message>
    <message>
        <source>your preferences</source>
        <translation>sue preferenze</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(nessuno)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vuoto)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sì</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>IT</source>
        <translation>IT</translation>
    </message>
    <message>
        <source>Preferences not saved</source>
        <translation>Preferenze non salvate</translation>
    </message>
    <message>
        <source>The preferences could not be saved: {error}</source>
        <translation>Non è stato possibile salvare le preferenze: {error}</translation>
    </message>
    <message>
        <source>Preferences saved</source>
        <translation>Preferenze salvate</translation>
    </message>
    <message>
        <source>Your preferences have been saved.</source>
        <translation>Le preferenze sono state salvate.</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>Errore imprevisto</translation>
    </message>
    <message>
        <source>Raccordo ran into an unexpected error. Your data has been kept.
The details are in the log file:
{path}</source>
        <translation>Raccordo ha incontrato un errore imprevisto. I dati sono stati conservati.
I dettagli sono nel file di log:
{path}</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>Raccordo is already open</source>
        <translation>Raccordo è già aperto</translation>
    </message>
    <message>
        <source>Raccordo is already open for this user and this database. Use the window that is already open.</source>
        <translation>Raccordo è già aperto per questo utente e questo database. Usi la finestra già aperta.</translation>
    </message>
    <message>
        <source>Database not usable</source>
        <translation>Database non utilizzabile</translation>
    </message>
    <message>
        <source>Database not reachable</source>
        <translation>Database non raggiungibile</translation>
    </message>
    <message>
        <source>The database could not be opened. Check the network or ask IT.</source>
        <translation>Non è stato possibile aprire il database. Controlli la rete o si rivolga al servizio informatico.</translation>
    </message>
</context>
</TS>