/** Settings as JSON values under a key per group (e.g. "publication"). */
export type SettingsTables = {
  settings: {
    key: string;
    value: string;
    updated_at: string;
  };
};
