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
        <source>Your roles ({user}):</source>
        <translation>I suoi ruoli ({user}):</translation>
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
    <message>
        <source>reading...</source>
        <translation>lettura in corso...</translation>
    </message>
</context>
<context>
    <name>BatchPanel</name>
    <message>
        <source>Stage</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Comune</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Lingue</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Copie</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lotto</translation>
    </message>
    <message>
        <source>Add the pack chosen to the batch (Ctrl+B)</source>
        <translation>Aggiungi al lotto il foglio scelto (Ctrl+B)</translation>
    </message>
    <message>
        <source>&amp;Remove row (Del)</source>
        <translation>Togli &amp;riga (Canc)</translation>
    </message>
    <message>
        <source>Print ba&amp;tch...</source>
        <translation>Stampa il lo&amp;tto...</translation>
    </message>
    <message>
        <source>Save batch as PDF...</source>
        <translation>Salva il lotto come PDF...</translation>
    </message>
    <message>
        <source>Italian only</source>
        <translation>solo italiano</translation>
    </message>
</context>
<context>
    <name>CardPane</name>
    <message>
        <source>Show the card to the household: they point at their language, you type its key.</source>
        <translation>Mostri il cartellino al nucleo: indica la sua lingua, Lei preme il tasto scritto accanto.</translation>
    </message>
    <message>
        <source>Language card</source>
        <translation>Cartellino lingue</translation>
    </message>
    <message>
        <source>Print language card...</source>
        <translation>Stampa il cartellino lingue...</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Stampa</translation>
    </message>
</context>
<context>
    <name>DailyBackup</name>
    <message>
        <source>The daily backup of the database was not made: {reason}</source>
        <translation>La copia di sicurezza giornaliera del database non è stata fatta: {reason}</translation>
    </message>
</context>
<context>
    <name>DataBanners</name>
    <message>
        <source>The directory and texts have not been updated for too long: check the contacts before handing over a leaflet.</source>
        <translation>La rubrica e i testi non sono aggiornati da troppo tempo: verifichi i contatti prima di consegnare un foglio.</translation>
    </message>
    <message>
        <source>Amounts in the leaflets to be checked again: {figures}. They are still printed: tell whoever keeps the leaflet texts.</source>
        <translation>Importi nei fogli da ricontrollare: {figures}. Sono comunque stampati: avvisi chi cura i testi dei fogli.</translation>
    </message>
    <message>
        <source>DEMO directory: the contacts are fictitious. Do not hand these leaflets to anyone.</source>
        <translation>Rubrica DEMO: i contatti sono fittizi. Non consegnare questi fogli a nessuno.</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select a referent to see the details.</source>
        <translation>Selezioni un referente per vederne i dettagli.</translation>
    </message>
    <message>
        <source>to verify</source>
        <translation>da verificare</translation>
    </message>
    <message>
        <source>Last verification too old or missing: check this contact</source>
        <translation>Ultima verifica troppo vecchia o assente: controlli questo contatto</translation>
    </message>
    <message>
        <source>DEMO data</source>
        <translation>dati DEMO</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Ritirato</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copia</translation>
    </message>
    <message>
        <source>Copy {value}</source>
        <translation>Copia {value}</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Ruolo:</translation>
    </message>
    <message>
        <source>Institution:</source>
        <translation>Ente:</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>Servizio:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Telefono:</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>PEC:</source>
        <translation>PEC:</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Sito web:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Indirizzo:</translation>
    </message>
    <message>
        <source>Hours:</source>
        <translation>Orari:</translation>
    </message>
    <message>
        <source>Languages:</source>
        <translation>Lingue:</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>Territorio:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Validità:</translation>
    </message>
    <message>
        <source>Last verified:</source>
        <translation>Verificato il:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Fonte:</translation>
    </message>
</context>
<context>
    <name>DirectoryView</name>
    <message>
        <source>Referent directory</source>
        <translation>Rubrica dei referenti</translation>
    </message>
    <message>
        <source>Read-only: only the directory editors named by IT can change the directory.</source>
        <translation>Sola consultazione: solo gli editori della rubrica indicati dall'IT possono modificarla.</translation>
    </message>
    <message>
        <source>Search name, institution, service, municipality or phone</source>
        <translation>Cerchi nome, ente, servizio, comune o telefono</translation>
    </message>
    <message>
        <source>Search the directory</source>
        <translation>Cerca nella rubrica</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nuovo</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifica</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Ritira</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Cronologia</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>Importa...</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Esporta</translation>
    </message>
    <message>
        <source>Spreadsheet (xlsx)...</source>
        <translation>Foglio di calcolo (xlsx)...</translation>
    </message>
    <message>
        <source>Web page for the portal (HTML)...</source>
        <translation>Pagina web per il portale (HTML)...</translation>
    </message>
    <message>
        <source>Open Referral HSDS (JSON)...</source>
        <translation>Open Referral HSDS (JSON)...</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>Ente</translation>
    </message>
    <message>
        <source>Ambito</source>
        <translation>Ambito</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Comune</translation>
    </message>
    <message>
        <source>Service kind</source>
        <translation>Tipo di servizio</translation>
    </message>
    <message>
        <source>All service kinds</source>
        <translation>Tutti i tipi di servizio</translation>
    </message>
    <message>
        <source>Show retired</source>
        <translation>Mostra ritirati</translation>
    </message>
    <message>
        <source>All referents</source>
        <translation>Tutti i referenti</translation>
    </message>
    <message>
        <source>For a municipality</source>
        <translation>Per comune</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Rubrica</translation>
    </message>
    <message>
        <source>The directory could not be read: {error}</source>
        <translation>Impossibile leggere la rubrica: {error}</translation>
    </message>
    <message>
        <source>All institutions</source>
        <translation>Tutti gli enti</translation>
    </message>
    <message>
        <source>All Ambiti</source>
        <translation>Tutti gli Ambiti</translation>
    </message>
    <message>
        <source>All municipalities</source>
        <translation>Tutti i comuni</translation>
    </message>
    <message>
        <source>{shown} of {total} referents</source>
        <translation>{shown} di {total} referenti</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Ripristina</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Non salvato</translation>
    </message>
    <message>
        <source>Retire {name}? It will no longer appear in leaflet packs; its history is kept.</source>
        <translation>Ritirare {name}? Non comparirà più nei pacchetti informativi; la cronologia resta conservata.</translation>
    </message>
    <message>
        <source>Bring {name} back into the directory?</source>
        <translation>Ripristinare {name} nella rubrica?</translation>
    </message>
    <message>
        <source>Import the directory</source>
        <translation>Importa la rubrica</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>Fogli di calcolo (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importazione</translation>
    </message>
    <message>
        <source>{count} entries added or changed.</source>
        <translation>{count} voci aggiunte o modificate.</translation>
    </message>
    <message>
        <source>Export the directory</source>
        <translation>Esporta la rubrica</translation>
    </message>
    <message>
        <source>{count} entries exported to {path}.</source>
        <translation>{count} voci esportate in {path}.</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>Esportazione non riuscita: {error}</translation>
    </message>
</context>
<context>
    <name>EntryEditor</name>
    <message>
        <source>Edit referent</source>
        <translation>Modifica referente</translation>
    </message>
    <message>
        <source>New referent</source>
        <translation>Nuovo referente</translation>
    </message>
    <message>
        <source>Institution:</source>
        <translation>Ente:</translation>
    </message>
    <message>
        <source>Service or office:</source>
        <translation>Servizio o ufficio:</translation>
    </message>
    <message>
        <source>Service kind:</source>
        <translation>Tipo di servizio:</translation>
    </message>
    <message>
        <source>Name (person or office):</source>
        <translation>Nome (persona o ufficio):</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Ruolo:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Telefoni:</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>PEC:</source>
        <translation>PEC:</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Sito web:</translation>
    </message>
    <message>
        <source>Office address:</source>
        <translation>Indirizzo dell'ufficio:</translation>
    </message>
    <message>
        <source>Opening hours:</source>
        <translation>Orari di apertura:</translation>
    </message>
    <message>
        <source>Note on hours:</source>
        <translation>Note sugli orari:</translation>
    </message>
    <message>
        <source>Languages spoken:</source>
        <translation>Lingue parlate:</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>Vale per:</translation>
    </message>
    <message>
        <source>municipality names or ISTAT codes, separated by ;</source>
        <translation>nomi dei comuni o codici ISTAT, separati da ;</translation>
    </message>
    <message>
        <source>Municipalities:</source>
        <translation>Comuni:</translation>
    </message>
    <message>
        <source>Ambiti:</source>
        <translation>Ambiti:</translation>
    </message>
    <message>
        <source>Court areas:</source>
        <translation>Circondari dei tribunali:</translation>
    </message>
    <message>
        <source>Valid from:</source>
        <translation>Valido dal:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Valido fino al:</translation>
    </message>
    <message>
        <source>Last verified on:</source>
        <translation>Verificato il:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Fonte:</translation>
    </message>
    <message>
        <source>Demo data (not real)</source>
        <translation>Dati dimostrativi (non reali)</translation>
    </message>
    <message>
        <source>Unknown municipality: {name}</source>
        <translation>Comune sconosciuto: {name}</translation>
    </message>
    <message>
        <source>Hours not understood: {text} (write e.g. lun-ven 9:00-12:00; put other remarks in the note)</source>
        <translation>Orari non compresi: {text} (scriva ad es. lun-ven 9:00-12:00; metta altre indicazioni nella nota)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History</source>
        <translation>Cronologia</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import preview</source>
        <translation>Anteprima dell'importazione</translation>
    </message>
    <message>
        <source>File {file}: {added} to add, {changed} to change, {unchanged} unchanged, {rejected} rejected.</source>
        <translation>File {file}: {added} da aggiungere, {changed} da modificare, {unchanged} invariate, {rejected} scartate.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Riga</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Esito</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Voce</translation>
    </message>
    <message>
        <source>Reason or changed fields</source>
        <translation>Motivo o campi modificati</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Avvisi:</translation>
    </message>
    <message>
        <source>Apply the valid rows anyway (the rejected rows are left out)</source>
        <translation>Applichi comunque le righe valide (le righe scartate restano escluse)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Applica</translation>
    </message>
    <message>
        <source>Nothing to change: the directory already matches the file.</source>
        <translation>Nulla da modificare: la rubrica corrisponde già al file.</translation>
    </message>
    <message>
        <source>Some rows were rejected: correct the file and import it again, or apply only the valid rows.</source>
        <translation>Alcune righe sono state scartate: corregga il file e lo importi di nuovo, oppure applichi solo le righe valide.</translation>
    </message>
    <message>
        <source>All the changes listed will be applied together, or none of them.</source>
        <translation>Le modifiche elencate saranno applicate tutte insieme, oppure nessuna.</translation>
    </message>
</context>
<context>
    <name>LanguageKeys</name>
    <message>
        <source>Household languages: type the key shown on the language card</source>
        <translation>Lingue del nucleo: prema il tasto indicato sul cartellino</translation>
    </message>
    <message>
        <source>Italian only</source>
        <translation>solo italiano</translation>
    </message>
    <message>
        <source>Some paragraphs are printed in Italian.</source>
        <translation>Alcuni paragrafi sono stampati in italiano.</translation>
    </message>
    <message>
        <source>Cannot be printed: the font for {language} is missing. Reinstall Raccordo.</source>
        <translation>Non stampabile: manca il carattere per {language}. Reinstallare Raccordo.</translation>
    </message>
    <message>
        <source>name not shown: font missing</source>
        <translation>nome non visualizzabile: carattere mancante</translation>
    </message>
    <message>
        <source>Already two languages ({chosen}): to change one, press its key again.</source>
        <translation>Già due lingue ({chosen}): per cambiarne una, prema di nuovo il suo tasto.</translation>
    </message>
</context>
<context>
    <name>LeafletsView</name>
    <message>
        <source>Leaflet packs</source>
        <translation>Fogli informativi</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Anteprima</translation>
    </message>
    <message>
        <source>&amp;Undo delivery</source>
        <translation>Ann&amp;ulla consegna</translation>
    </message>
    <message>
        <source>The leaflet texts cannot be read, so no leaflet can be printed. Reinstall Raccordo or run a sync.</source>
        <translation>Non è possibile leggere i testi dei fogli, quindi non si può stampare alcun foglio. Reinstalli Raccordo o esegua una sincronizzazione.</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Copie</translation>
    </message>
    <message>
        <source>Lar&amp;ge print</source>
        <translation>Caratteri &amp;grandi</translation>
    </message>
    <message>
        <source>Handed in person</source>
        <translation>Consegnato a mano</translation>
    </message>
    <message>
        <source>Attached to the act</source>
        <translation>Allegato all'atto</translation>
    </message>
    <message>
        <source>Handed to another person</source>
        <translation>Consegnato ad altra persona</translation>
    </message>
    <message>
        <source>Deposited at the town hall</source>
        <translation>Depositato in Comune</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Consegna</translation>
    </message>
    <message>
        <source>C&amp;opies:</source>
        <translation>C&amp;opie:</translation>
    </message>
    <message>
        <source>&amp;Delivery:</source>
        <translation>Co&amp;nsegna:</translation>
    </message>
    <message>
        <source>&amp;Print... (Ctrl+P)</source>
        <translation>&amp;Stampa... (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF... (Ctrl+S)</source>
        <translation>Salva come P&amp;DF... (Ctrl+S)</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Comune</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lotto</translation>
    </message>
    <message>
        <source>Choose the stage first.</source>
        <translation>Scelga prima la fase.</translation>
    </message>
    <message>
        <source>Choose the municipality from the list.</source>
        <translation>Scelga il comune dall'elenco.</translation>
    </message>
    <message>
        <source>Preparing the leaflets...</source>
        <translation>Preparazione dei fogli...</translation>
    </message>
    <message>
        <source>The leaflet could not be prepared.</source>
        <translation>Non è stato possibile preparare il foglio.</translation>
    </message>
    <message>
        <source>Language card printed.</source>
        <translation>Cartellino delle lingue stampato.</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Stampa</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Salva come PDF</translation>
    </message>
    <message>
        <source>Could not write the file: {error}</source>
        <translation>Impossibile scrivere il file: {error}</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>File PDF (*.pdf)</translation>
    </message>
    <message>
        <source>{n} packs in the batch.</source>
        <translation>Fogli nel lotto: {n}.</translation>
    </message>
    <message>
        <source>The batch is empty: add packs first.</source>
        <translation>Il lotto è vuoto: aggiunga prima dei fogli.</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistiche</translation>
    </message>
    <message>
        <source>&amp;1 Formal demand</source>
        <translation>&amp;1 Diffida</translation>
    </message>
    <message>
        <source>Formal demand (diffida)</source>
        <translation>Diffida</translation>
    </message>
    <message>
        <source>&amp;2 Summons</source>
        <translation>&amp;2 Intimazione</translation>
    </message>
    <message>
        <source>Eviction summons (intimazione)</source>
        <translation>Intimazione di sfratto</translation>
    </message>
    <message>
        <source>&amp;3 Enforcement notice</source>
        <translation>&amp;3 Precetto</translation>
    </message>
    <message>
        <source>Enforcement notice (precetto)</source>
        <translation>Atto di precetto</translation>
    </message>
    <message>
        <source>&amp;4 Notice of access</source>
        <translation>&amp;4 Avviso di sloggio</translation>
    </message>
    <message>
        <source>Notice of access (avviso di sloggio)</source>
        <translation>Avviso di sloggio (preavviso di rilascio)</translation>
    </message>
    <message>
        <source>&amp;5 Access</source>
        <translation>&amp;5 Accesso</translation>
    </message>
    <message>
        <source>Bailiff's access (accesso)</source>
        <translation>Accesso dell'ufficiale giudiziario</translation>
    </message>
    <message>
        <source>Stage (keys 1-5)</source>
        <translation>Fase (tasti 1-5)</translation>
    </message>
    <message>
        <source>Type the first letters or the ISTAT code, then Enter</source>
        <translation>Scriva le prime lettere o il codice ISTAT, poi Invio</translation>
    </message>
    <message>
        <source>&amp;Municipality (type, then Enter)</source>
        <translation>&amp;Comune (scriva, poi Invio)</translation>
    </message>
    <message>
        <source>&amp;Language (the key on the language card; 0 = Italian only)</source>
        <translation>&amp;Lingua (il tasto del cartellino; 0 = solo italiano)</translation>
    </message>
    <message>
        <source>&amp;Next household (Ctrl+N)</source>
        <translation>&amp;Prossimo nucleo (Ctrl+N)</translation>
    </message>
    <message>
        <source>Language card</source>
        <translation>Cartellino lingue</translation>
    </message>
    <message>
        <source>Batch ({n})</source>
        <translation>Lotto ({n})</translation>
    </message>
    <message>
        <source>Type the first letters of the municipality or its ISTAT code.</source>
        <translation>Scriva le prime lettere del comune o il suo codice ISTAT.</translation>
    </message>
    <message>
        <source>No municipality «{text}» in the Città metropolitana di Milano: check the spelling or type the ISTAT code.</source>
        <translation>Nessun comune «{text}» nella Città metropolitana di Milano: controlli come è scritto o digiti il codice ISTAT.</translation>
    </message>
    <message>
        <source>«{text}» matches {n} municipalities: type more letters, or pick one with the arrow keys and Enter.</source>
        <translation>«{text}» corrisponde a {n} comuni: scriva altre lettere, o ne scelga uno con le frecce e Invio.</translation>
    </message>
    <message>
        <source>Pack in: {languages} + Italian</source>
        <translation>Foglio in: {languages} + italiano</translation>
    </message>
    <message>
        <source>Pack in Italian only (chosen).</source>
        <translation>Foglio solo in italiano (scelto).</translation>
    </message>
    <message>
        <source>No language chosen yet: Raccordo will ask «Italian only?» before printing.</source>
        <translation>Nessuna lingua scelta: prima di stampare verrà chiesto «Solo italiano?».</translation>
    </message>
    <message>
        <source>No household language chosen. Italian only?</source>
        <translation>Nessuna lingua del nucleo scelta. Solo italiano?</translation>
    </message>
    <message>
        <source>Ready for the next household.</source>
        <translation>Pronto per il prossimo nucleo.</translation>
    </message>
    <message>
        <source>Preview: {stage} · {municipality} · {languages} · {pages} pages</source>
        <translation>Anteprima: {stage} · {municipality} · {languages} · {pages} pagine</translation>
    </message>
    <message>
        <source>Translation incomplete for {languages}: some paragraphs are printed in Italian.</source>
        <translation>Traduzione incompleta per {languages}: alcuni paragrafi sono stampati in italiano.</translation>
    </message>
    <message>
        <source>Printing cancelled: no delivery recorded. The choices are kept.</source>
        <translation>Stampa annullata: nessuna consegna registrata. Le scelte restano.</translation>
    </message>
    <message>
        <source>Printed: {pages} pages. Next household: Ctrl+N or Enter.</source>
        <translation>Stampato: {pages} pagine. Prossimo nucleo: Ctrl+N o Invio.</translation>
    </message>
    <message>
        <source>Nothing was printed and no delivery was recorded: {error}</source>
        <translation>Nulla è stato stampato e nessuna consegna è stata registrata: {error}</translation>
    </message>
    <message>
        <source>{n} deliveries recorded in the statistics.</source>
        <translation>Consegne registrate nelle statistiche: {n}.</translation>
    </message>
    <message>
        <source>Delivery cancelled.</source>
        <translation>Consegna annullata.</translation>
    </message>
    <message>
        <source>It is too late to cancel this delivery.</source>
        <translation>È troppo tardi per annullare questa consegna.</translation>
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
        <source>The office's shared database does not answer: only Statistics can be used. What you record stays on this workstation and is sent when the network is back. To use the other sections, close and reopen Raccordo.</source>
        <translation>Il database condiviso dell'ufficio non risponde: si può usare solo Statistiche. Quello che si registra resta su questa postazione e viene inviato quando la rete torna. Per usare le altre sezioni, chiudere e riaprire Raccordo.</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Rubrica</translation>
    </message>
    <message>
        <source>Leaflet packs</source>
        <translation>Fogli informativi</translation>
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
    <name>MonitorPanel</name>
    <message>
        <source>Office or Ambito</source>
        <translation>Ufficio o Ambito</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Mostra:</translation>
    </message>
    <message>
        <source>Whole office</source>
        <translation>Tutto l'ufficio</translation>
    </message>
    <message>
        <source>Ambito {name}</source>
        <translation>Ambito {name}</translation>
    </message>
</context>
<context>
    <name>MunicipalityNotes</name>
    <message>
        <source>Ambito {ambito} to be verified: check the social services' contacts.</source>
        <translation>Ambito «{ambito}» da verificare: controlli i contatti dei servizi sociali.</translation>
    </message>
    <message>
        <source>Court of {court} to be verified: compare it with the one on the act.</source>
        <translation>Tribunale di {court} da verificare: lo confronti con quello indicato sull'atto.</translation>
    </message>
    <message>
        <source>{services}: no municipal contact, the leaflet gives the Città metropolitana's.</source>
        <translation>{services}: nessun contatto comunale, il foglio dà quelli della Città metropolitana.</translation>
    </message>
</context>
<context>
    <name>MunicipalityTab</name>
    <message>
        <source>Municipality:</source>
        <translation>Comune:</translation>
    </message>
    <message>
        <source>Type a municipality</source>
        <translation>Scriva un comune</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servizio</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>Ente</translation>
    </message>
    <message>
        <source>Referent</source>
        <translation>Referente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Orari</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>{name} (ISTAT {code}), Ambito {ambito}: {count} referents, as a leaflet pack prints them.</source>
        <translation>{name} (ISTAT {code}), Ambito {ambito}: {count} referenti, come li stampa un pacchetto informativo.</translation>
    </message>
    <message>
        <source>The Ambito assignment of this municipality is still to verify: check the Ambito contacts marked 'to verify'.</source>
        <translation>L'appartenenza di questo comune all'Ambito è ancora da verificare: controlli i contatti dell'Ambito segnati 'da verificare'.</translation>
    </message>
    <message>
        <source>to verify</source>
        <translation>da verificare</translation>
    </message>
</context>
<context>
    <name>NoticeRelay</name>
    <message>
        <source>The file of statistics waiting to be sent was damaged: it was set aside for IT and recording goes on.</source>
        <translation>Il file delle statistiche in attesa di invio era danneggiato: è stato messo da parte per l'IT e le registrazioni continuano.</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Avviso</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview</source>
        <translation>Anteprima</translation>
    </message>
    <message>
        <source>Update pre&amp;view (F5)</source>
        <translation>Agg&amp;iorna l'anteprima (F5)</translation>
    </message>
    <message>
        <source>Updating the preview...</source>
        <translation>Aggiornamento dell'anteprima...</translation>
    </message>
    <message>
        <source>The preview appears by itself once the stage and the municipality are chosen (F5 updates it).</source>
        <translation>L'anteprima compare da sola quando fase e comune sono scelti (F5 la aggiorna).</translation>
    </message>
    <message>
        <source>The preview could not be prepared.</source>
        <translation>Impossibile preparare l'anteprima.</translation>
    </message>
</context>
<context>
    <name>ReferentTableModel</name>
    <message>
        <source>Service</source>
        <translation>Servizio</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>Ente</translation>
    </message>
    <message>
        <source>Referent</source>
        <translation>Referente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefono</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Territorio</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificato</translation>
    </message>
    <message>
        <source> (retired)</source>
        <translation> (ritirato)</translation>
    </message>
    <message>
        <source>(to verify)</source>
        <translation>(da verificare)</translation>
    </message>
    <message>
        <source>Last verification too old or missing: check this contact</source>
        <translation>Ultima verifica troppo vecchia o assente: controlli questo contatto</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>every role: there is no IT settings file on this computer, as on a new installation</source>
        <translation>tutti: su questo computer non c'è il file di impostazioni dell'IT, come in una nuova installazione</translation>
    </message>
    <message>
        <source>directory editing</source>
        <translation>redazione della rubrica</translation>
    </message>
    <message>
        <source>publishing signed data</source>
        <translation>pubblicazione dei dati firmati</translation>
    </message>
    <message>
        <source>office statistics</source>
        <translation>statistiche dell'ufficio</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nessuno</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>Your roles ({user}): {roles}.</source>
        <translation>I suoi ruoli ({user}): {roles}.</translation>
    </message>
    <message>
        <source>There is no IT settings file on this computer: as on a new installation, you hold every role (directory editing, publishing signed data, office statistics). Once IT installs its file, the roles it names apply.</source>
        <translation>Su questo computer non c'è il file di impostazioni dell'IT: come in una nuova installazione, Lei ha tutti i ruoli (redazione della rubrica, pubblicazione dei dati firmati, statistiche dell'ufficio). Quando l'IT installa il suo file, valgono i ruoli che vi indica.</translation>
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
    <name>StatsView</name>
    <message>
        <source>Statistics</source>
        <translation>Statistiche</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <source>The office's figures and the Excel export are for supervisors.</source>
        <translation>I dati dell'ufficio e l'esportazione in Excel sono riservati ai responsabili.</translation>
    </message>
    <message>
        <source>Executed</source>
        <translation>Eseguito</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Rinviato</translation>
    </message>
    <message>
        <source>Released before access</source>
        <translation>Rilascio spontaneo prima dell'accesso</translation>
    </message>
    <message>
        <source>Suspended by the court</source>
        <translation>Sospeso dal giudice</translation>
    </message>
    <message>
        <source>Withdrawn by the landlord</source>
        <translation>Rinuncia del creditore</translation>
    </message>
    <message>
        <source>Access outcome</source>
        <translation>Esito accesso</translation>
    </message>
    <message>
        <source>Municipality: type the first letters</source>
        <translation>Comune: digiti le prime lettere</translation>
    </message>
    <message>
        <source>Municipality of the access</source>
        <translation>Comune dell'accesso</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Data:</translation>
    </message>
    <message>
        <source>Had the household contacted social services?</source>
        <translation>Il nucleo aveva contattato i servizi sociali?</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sì</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Non noto</translation>
    </message>
    <message>
        <source>Scheduled access (avviso di sloggio)</source>
        <translation>Accesso programmato (avviso di sloggio)</translation>
    </message>
    <message>
        <source>Municipality:</source>
        <translation>Comune:</translation>
    </message>
    <message>
        <source>Access date:</source>
        <translation>Data dell'accesso:</translation>
    </message>
    <message>
        <source>Save scheduled access</source>
        <translation>Registra l'accesso programmato</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>Questa postazione</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Oggi</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Questo mese</translation>
    </message>
    <message>
        <source>Leaflets delivered</source>
        <translation>Volantini consegnati</translation>
    </message>
    <message>
        <source>Access outcomes</source>
        <translation>Esiti degli accessi</translation>
    </message>
    <message>
        <source>Recording...</source>
        <translation>Registrazione in corso...</translation>
    </message>
    <message>
        <source>The entry was NOT recorded: {reason}</source>
        <translation>La registrazione NON è stata salvata: {reason}</translation>
    </message>
    <message>
        <source>Choose the municipality of the access first.</source>
        <translation>Scelga prima il comune dell'accesso.</translation>
    </message>
    <message>
        <source>Recorded: {outcome} in {municipality}.</source>
        <translation>Registrato: {outcome} a {municipality}.</translation>
    </message>
    <message>
        <source>Scheduled access</source>
        <translation>Accesso programmato</translation>
    </message>
    <message>
        <source>Recorded: access in {municipality} on {date}.</source>
        <translation>Registrato: accesso a {municipality} il {date}.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annullato.</translation>
    </message>
    <message>
        <source>It is too late to cancel this entry.</source>
        <translation>Non è più possibile annullare questa registrazione.</translation>
    </message>
    <message>
        <source>The entry was not cancelled: {reason}</source>
        <translation>La registrazione non è stata annullata: {reason}</translation>
    </message>
    <message>
        <source>Office statistics</source>
        <translation>Statistiche dell'ufficio</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registrazione</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mese</translation>
    </message>
    <message>
        <source>Four months</source>
        <translation>Quadrimestre</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Trimestre</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Anno</translation>
    </message>
    <message>
        <source>Quarter {n}</source>
        <translation>{n}° trimestre</translation>
    </message>
    <message>
        <source>by municipality</source>
        <translation>per comune</translation>
    </message>
    <message>
        <source>by Ambito</source>
        <translation>per Ambito</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostra</translation>
    </message>
    <message>
        <source>Export to Excel...</source>
        <translation>Esporta in Excel...</translation>
    </message>
    <message>
        <source>Show the tables of the Excel export</source>
        <translation>Mostra le tabelle dell'esportazione Excel</translation>
    </message>
    <message>
        <source>Report PDF...</source>
        <translation>Rapporto PDF...</translation>
    </message>
    <message>
        <source>The monitoring report for the technical table</source>
        <translation>Il rapporto di monitoraggio per il tavolo tecnico</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Periodo:</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Indicatori</translation>
    </message>
    <message>
        <source>{period}: computing the indicators...</source>
        <translation>{period}: calcolo degli indicatori in corso...</translation>
    </message>
    <message>
        <source>The indicators could not be computed.</source>
        <translation>Non è stato possibile calcolare gli indicatori.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Riepilogo</translation>
    </message>
    <message>
        <source>Municipalities</source>
        <translation>Comuni</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Lingue</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Esiti</translation>
    </message>
    <message>
        <source>Social services</source>
        <translation>Servizi sociali</translation>
    </message>
    <message>
        <source>Causes</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Modalità</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Previsione</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Andamento</translation>
    </message>
    <message>
        <source>{period}: protected figures (each within {d} of the true count, values 1 to {k1} never shown, totals protected on their own).</source>
        <translation>{period}: dati protetti (ogni numero entro {d} dal vero, i valori da 1 a {k1} non compaiono, totali protetti a parte).</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>Esporta le statistiche</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Cartella di lavoro Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Statistics saved in {path}.</source>
        <translation>Statistiche salvate in {path}.</translation>
    </message>
    <message>
        <source>Monitoring report</source>
        <translation>Rapporto di monitoraggio</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Report saved in {path}.</source>
        <translation>Rapporto salvato in {path}.</translation>
    </message>
    <message>
        <source>The operation failed.</source>
        <translation>L'operazione non è riuscita.</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <source>Sync</source>
        <translation>Sincronizzazione</translation>
    </message>
    <message>
        <source>Directory, territory and leaflet texts come from the publisher, signed and verified on this workstation.</source>
        <translation>Rubrica, territorio e testi dei volantini arrivano dall'editore, firmati e verificati su questa postazione.</translation>
    </message>
    <message>
        <source>Data in use</source>
        <translation>Dati in uso</translation>
    </message>
    <message>
        <source>Published version:</source>
        <translation>Versione pubblicata:</translation>
    </message>
    <message>
        <source>Publisher:</source>
        <translation>Editore:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Emessa il:</translation>
    </message>
    <message>
        <source>Age:</source>
        <translation>Età:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Valida fino al:</translation>
    </message>
    <message>
        <source>Last successful check:</source>
        <translation>Ultimo controllo riuscito:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Origine:</translation>
    </message>
    <message>
        <source>Last check:</source>
        <translation>Ultimo controllo:</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizza ora</translation>
    </message>
    <message>
        <source>Restore previous version</source>
        <translation>Ripristina la versione precedente</translation>
    </message>
    <message>
        <source>Changes in the last update</source>
        <translation>Modifiche dell'ultimo aggiornamento</translation>
    </message>
    <message>
        <source>No update applied in this session.</source>
        <translation>Nessun aggiornamento applicato in questa sessione.</translation>
    </message>
    <message>
        <source>none yet (data shipped with the program)</source>
        <translation>nessuna (dati forniti con il programma)</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} giorni</translation>
    </message>
    <message>
        <source>never</source>
        <translation>mai</translation>
    </message>
    <message>
        <source>not configured (ask IT)</source>
        <translation>non configurata (rivolgersi all'IT)</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>Controllo in corso...</translation>
    </message>
    <message>
        <source>Update applied.</source>
        <translation>Aggiornamento applicato.</translation>
    </message>
    <message>
        <source>No newer version available.</source>
        <translation>Nessuna versione più recente.</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>Rifiutato: {reason}</translation>
    </message>
    <message>
        <source>The update was refused and the data in use is unchanged.

{reason}</source>
        <translation>L'aggiornamento è stato rifiutato e i dati in uso sono invariati.

{reason}</translation>
    </message>
    <message>
        <source>Update refused</source>
        <translation>Aggiornamento rifiutato</translation>
    </message>
    <message>
        <source>Go back to the version applied before the current one?</source>
        <translation>Tornare alla versione applicata prima di quella attuale?</translation>
    </message>
    <message>
        <source>Previous version restored.</source>
        <translation>Versione precedente ripristinata.</translation>
    </message>
    <message>
        <source>Restore refused</source>
        <translation>Ripristino rifiutato</translation>
    </message>
    <message>
        <source>Publish a new version</source>
        <translation>Pubblica una nuova versione</translation>
    </message>
    <message>
        <source>private key file</source>
        <translation>file della chiave privata</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>Scegli...</translation>
    </message>
    <message>
        <source>Signing key:</source>
        <translation>Chiave di firma:</translation>
    </message>
    <message>
        <source>folder published on the portal or the share</source>
        <translation>cartella pubblicata sul portale o sulla condivisione</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Cartella di destinazione:</translation>
    </message>
    <message>
        <source>Sync status not available. {reason}</source>
        <translation>Stato della sincronizzazione non disponibile. {reason}</translation>
    </message>
    <message>
        <source> days</source>
        <translation> giorni</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>Validità:</translation>
    </message>
    <message>
        <source>Sign and publish</source>
        <translation>Firma e pubblica</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>Chiave di firma</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Cartella di destinazione</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Pubblica</translation>
    </message>
    <message>
        <source>Choose the signing key and the output folder.</source>
        <translation>Scegliere la chiave di firma e la cartella di destinazione.</translation>
    </message>
    <message>
        <source>Version {n} signed and written to {folder}.</source>
        <translation>Versione {n} firmata e scritta in {folder}.</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Pubblicato</translation>
    </message>
    <message>
        <source>Publication refused</source>
        <translation>Pubblicazione rifiutata</translation>
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
        <source>Raccordo cannot connect to the office's shared database: {reason}.

Without it the directory and the leaflet packs cannot be opened. Check the network cable or the VPN, then press Retry; if it still fails, call IT.</source>
        <translation>Raccordo non riesce a collegarsi al database condiviso dell'ufficio: {reason}.

Senza di esso non si possono aprire la rubrica e i fogli informativi. Controllare il cavo di rete o la VPN, poi premere «Riprova»; se non funziona ancora, chiamare l'IT.</translation>
    </message>
    <message>
        <source>Meanwhile you can record access outcomes and scheduled accesses (Statistics only): they are sent when the network is back.</source>
        <translation>Nel frattempo si possono registrare gli esiti degli accessi e gli accessi programmati (solo Statistiche): vengono inviati quando la rete torna.</translation>
    </message>
    <message>
        <source>Statistics only</source>
        <translation>Solo statistiche</translation>
    </message>
    <message>
        <source>Database damaged</source>
        <translation>Database danneggiato</translation>
    </message>
    <message>
        <source>The database is damaged ({reason}) and has not been changed.

Restore the backup of {date}? Changes made after it are lost; the damaged file is kept aside for IT.</source>
        <translation>Il database è danneggiato ({reason}) e non è stato modificato.

Ripristinare la copia di sicurezza del {date}? Le modifiche successive a quella copia vanno perse; il file danneggiato viene conservato a parte per l'IT.</translation>
    </message>
    <message>
        <source>The database is damaged ({reason}) and has not been changed, and there is no backup.

Create a new database with the demo directory? The damaged file is kept aside for IT.</source>
        <translation>Il database è danneggiato ({reason}) e non è stato modificato, e non ci sono copie di sicurezza.

Creare un database nuovo con la rubrica dimostrativa? Il file danneggiato viene conservato a parte per l'IT.</translation>
    </message>
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
    <message>
        <source>Database updated</source>
        <translation>Database aggiornato</translation>
    </message>
</context>
</TS>