// Dutch words for what the API sends in English or as identifiers.

export const roleLabels = {
  kernteamlid: 'kernteamlid',
  voorzitterActietafel: 'voorzitter actietafel',
  leerplichtambtenaar: 'leerplichtambtenaar',
  jeugdarts: 'jeugdarts',
  procesEigenaar: 'proceseigenaar',
  beheerder: 'beheerder',
  zorgcoordinator: 'zorgcoördinator',
  verzuimcoordinator: 'verzuimcoördinator',
  mentor: 'mentor',
  teamleider: 'teamleider',
};
export const roleLabel = role => role ? (roleLabels[role] || role) : 'iedereen';

export const statusLabels = { Lopend: 'Lopend', Incident: 'Storing', Afgerond: 'Afgerond', Beeindigd: 'Beëindigd' };

/** Timeline kinds (engine history) as a person reads them. */
export const timelineLabels = {
  InstanceStarted: 'Zaak geopend',
  ActivityStarted: 'Gestart',
  ActivityCompleted: 'Afgerond',
  ActivityCancelled: 'Afgebroken',
  TaskCreated: 'Taak klaargezet',
  TaskCompleted: 'Taak afgerond',
  TimerScheduled: 'Termijn gezet',
  TimerFired: 'Termijn verstreken',
  TimerRescheduled: 'Termijn verschoven',
  MessageCorrelated: 'Bericht ontvangen',
  MessagePublished: 'Bericht verstuurd',
  Incident: 'Storing',
  InstanceCompleted: 'Zaak gesloten',
  InstanceMigrated: 'Zaak gemigreerd',
  TokenMoved: 'Verplaatst door de beheerder',
};

/** Message names from the contracts, in words. */
export const messageLabels = {
  AbsentieGeregistreerd: 'absentie geregistreerd',
  SchoolgangHersteld: 'schoolgang hersteld',
  GesprekGehouden: 'gesprek gehouden',
  JeugdartsAdvies: 'advies jeugdarts',
  ToestemmingOuders: 'toestemming ouders',
  DuoMeldingGedaan: 'DUO-melding gedaan',
  DuoMeldingVereist: 'DUO-melding vereist',
  PlaatsingGerealiseerd: 'plaatsing gerealiseerd',
};

/** The youth doctor's advice: the outcome only, never more (the API holds nothing else for non-medical roles). */
export const adviceLabels = {
  GeenBelemmering: 'geen belemmering om naar school te gaan',
  BeperktBelastbaar: 'beperkt belastbaar (aangepast programma)',
  NietBelastbaar: 'nu niet belastbaar',
  NietVerschenen: 'niet verschenen op het spreekuur',
};

export const modelShort = (naam, id) => naam || id || '–';
