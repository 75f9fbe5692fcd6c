// A service's calls to other services: fetch, axios, got, undici, node's http.
import https from "node:https";
import http from "node:http";
import axios from "axios";
import got from "got";
import { request } from "undici";
import { createRouter, type Request, type Response } from "../_lib/web.js";

const BILLING_URL = "https://billing.internal";
const router = createRouter();

router.get("/invoices/:id", async (req: Request, res: Response) => {
  const upstream = await fetch(`${BILLING_URL}/invoices/${req.params.id}`); // expect: missing-timeout
  res.json(await upstream.json());
});

router.get("/invoices/v2/:id", async (req: Request, res: Response) => {
  const upstream = await fetch(`${BILLING_URL}/invoices/${req.params.id}`, { signal: AbortSignal.timeout(5000) }); // ok: missing-timeout
  res.json(await upstream.json());
});

export async function postJson(url: string, body: unknown) {
  return fetch(url, { // expect: missing-timeout
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export async function postJsonV2(url: string, body: unknown, signal: AbortSignal) {
  return fetch(url, { method: "POST", body: JSON.stringify(body), signal }); // ok: missing-timeout
}

export async function forward(url: string, init: RequestInit) {
  return fetch(url, { ...init, redirect: "manual" }); // ok: missing-timeout
}

export async function getRates() {
  const { data } = await axios.get("https://rates.example.com/latest"); // expect: missing-timeout
  return data as Record<string, number>;
}

export async function getRatesV2() {
  const { data } = await axios.get("https://rates.example.com/latest", { timeout: 5000 }); // ok: missing-timeout
  return data as Record<string, number>;
}

export const crm = axios.create({ baseURL: "https://crm.example.com/api" }); // expect: missing-timeout
export const crmV2 = axios.create({ baseURL: "https://crm.example.com/api", timeout: 10_000 }); // ok: missing-timeout

export async function contact(id: string) {
  return (await crmV2.get(`/contacts/${id}`)).data; // ok: missing-timeout
}

export async function geocode(address: string) {
  return got("https://geo.example.com/v1", { searchParams: { q: address } }).json(); // expect: missing-timeout
}

export async function geocodeV2(address: string) {
  return got("https://geo.example.com/v1", { searchParams: { q: address }, timeout: { request: 5000 } }).json(); // ok: missing-timeout
}

export async function flags() {
  const { body } = await request("https://flags.internal/v1/flags"); // expect: missing-timeout
  return body.json();
}

export async function flagsV2() {
  const { body } = await request("https://flags.internal/v1/flags", { headersTimeout: 3000, bodyTimeout: 3000 }); // ok: missing-timeout
  return body.json();
}

export function ping(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, res => { res.resume(); resolve(res.statusCode ?? 0); }); // expect: missing-timeout
    req.on("error", reject);
  });
}

export function pingV2(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, res => { res.resume(); resolve(res.statusCode ?? 0); }); // ok: missing-timeout
    req.setTimeout(3000, () => req.destroy(new Error("ping timed out")));
    req.on("error", reject);
  });
}

export function notify(body: string) {
  const req = http.request({ host: "hooks.internal", path: "/notify", method: "POST" }); // expect: missing-timeout -- known-miss: a request whose response nobody reads or waits for is not reported (a stall holds a socket, not the caller)
  req.on("error", () => {});
  req.end(body);
}

export function notifyV2(body: string) {
  const req = http.request({ host: "hooks.internal", path: "/notify", method: "POST", signal: AbortSignal.timeout(3000) }); // ok: missing-timeout
  req.on("error", () => {});
  req.end(body);
}

/** The caller owns the request (and its timeout). */
export function openStream(url: string) {
  return https.get(url); // ok: missing-timeout
}

export { router };
