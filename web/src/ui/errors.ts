import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isErrorCode } from '../../../common/api/error-codes.js';
import { ApiError, UNSHAPED_ERROR_CODE } from '../api/client.js';
import en from '../i18n/en.json';

type Params = Record<string, string | number>;
type ValidationKeyword = keyof typeof en.validationIssues;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A detail as an interpolation value: text and numbers as they are, a list of them joined. */
function asParam(value: unknown): string | number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return value.length > 0 ? value.join(', ') : '—';
  return undefined;
}

/**
 * An error's `details` as the parameters of its translation: every plain field (file, line,
 * column, field, path, max…) under its own name, lists joined; `count` is the number of problems
 * (a list of issues, or an import's `total`).
 */
export function errorParams(details: unknown): Params {
  if (Array.isArray(details)) return { count: details.length };
  if (!isRecord(details)) return {};
  const params: Params = {};
  for (const [name, value] of Object.entries(details)) {
    const param = asParam(value);
    if (param !== undefined) params[name] = param;
  }
  if (typeof details.total === 'number') params.count = details.total;
  else if (Array.isArray(details.errors)) params.count = details.errors.length;
  return params;
}

function isValidationKeyword(keyword: unknown): keyword is ValidationKeyword {
  return typeof keyword === 'string' && keyword !== 'field' && Object.hasOwn(en.validationIssues, keyword);
}

/** `body/items/0/key` → `items/0/key`; a missing or extra property is named at the end. */
function fieldPath(path: string, params: Record<string, unknown>): string {
  const named = params.missingProperty ?? params.additionalProperty;
  const full = typeof named === 'string' ? `${path}/${named}` : path;
  return full.replace(/^body(\/|$)/, '').replace(/^\//, '');
}

// A placeholder left unfilled: the params did not carry what the translation needs.
const UNFILLED = /\{\{\s*[A-Za-z_]+\s*\}\}/;

/** `t(key, params)`, or `fallback` when there is no such text or the params leave a placeholder unfilled. */
export function translatedOr(
  t: TFunction,
  key: string,
  params: Record<string, unknown>,
  fallback: string,
): string {
  const text = t(key, { ...params, defaultValue: fallback });
  return UNFILLED.test(text) ? fallback : text;
}

/** One request-validation problem (`{ path, message, keyword?, params? }`) in the user's language. */
function validationIssue(t: TFunction, detail: unknown): string | null {
  if (!isRecord(detail) || typeof detail.path !== 'string') return null;
  const params = isRecord(detail.params) ? detail.params : {};
  const path = fieldPath(detail.path, params);
  const english = typeof detail.message === 'string' ? detail.message : '';
  const issue = isValidationKeyword(detail.keyword)
    ? translatedOr(t, `validationIssues.${detail.keyword}`, errorParams(params), english)
    : english;
  return path === '' ? issue : t('validationIssues.field', { path, issue });
}

/** The fields of a `validation_failed` reply, each with its path, in the user's language. */
function validationFields(t: TFunction, details: unknown): string | null {
  if (!Array.isArray(details)) return null;
  const issues = details.flatMap((detail) => validationIssue(t, detail) ?? []);
  return issues.length > 0 ? issues.join('; ') : null;
}

/**
 * An API error in the user's language: `apiErrors.<code>` with the details as parameters. The
 * server's own (English) message when the code is not one we translate or the details lack a
 * parameter the translation needs; ours when the reply was not the server's (a proxy's page).
 */
export function apiErrorMessage(t: TFunction, error: ApiError): string {
  if (error.code === UNSHAPED_ERROR_CODE) {
    return error.status === 429 ? t('errors.rateLimited') : t('errors.server', { status: error.status });
  }
  if (!isErrorCode(error.code)) return error.message;
  let params: Params = errorParams(error.details);
  if (error.code === 'validation_failed') {
    const fields = validationFields(t, error.details);
    params = fields === null ? {} : { fields };
  }
  return translatedOr(t, `apiErrors.${error.code}`, params, error.message);
}

/** Text to show for a failed call, in the user's language (see `apiErrorMessage`). */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return apiErrorMessage(t, error);
  // fetch() rejects with a TypeError when the request never got a reply.
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.unexpected');
}

/** `errorMessage` bound to the current language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => errorMessage(t, error), [t]);
}
