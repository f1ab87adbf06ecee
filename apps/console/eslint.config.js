// The workspace rules, extended to the console's .tsx files (the root config lints *.ts).
const tseslint = require('typescript-eslint');
const root = require('../../eslint.config.js');

module.exports = [
  ...root,
  {
    files: ['apps/console/**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Generated from the OpenAPI document.
  { ignores: ['apps/console/src/generated/**'] },
];
