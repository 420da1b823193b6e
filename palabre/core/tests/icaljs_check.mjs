// Reads iCalendar documents with Mozilla's ical.js, as Thunderbird would: standard input holds a
// JSON list of documents; standard output gets, for each, the list of what went wrong (empty
// when it reads as one calendar holding at least one component, every event with its dates).
// Run by palabre/core/tests/icscheck.py for every calendar the test suite produces.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function problems(text) {
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    return [`cannot parse it: ${error.message}`];
  }
  if (root.name !== "vcalendar") {
    return [`the document is a ${root.name}, not a vcalendar`];
  }
  const found = [];
  if (root.getAllSubcomponents().length === 0) {
    found.push("the calendar holds no component");
  }
  for (const name of ["prodid", "version"]) {
    if (!root.hasProperty(name)) found.push(`the calendar lacks ${name.toUpperCase()}`);
  }
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    try {
      ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    } catch (error) {
      found.push(`a VTIMEZONE is unreadable: ${error.message}`);
    }
  }
  for (const component of root.getAllSubcomponents("vevent")) {
    try {
      const event = new ICAL.Event(component);
      if (!event.uid) found.push("an event has no UID");
      if (!event.startDate) found.push(`event ${event.uid} has no start`);
      else if (Number.isNaN(event.startDate.toJSDate().getTime())) {
        found.push(`event ${event.uid} starts at an invalid date`);
      } else if (event.endDate && event.endDate.compare(event.startDate) < 0) {
        found.push(`event ${event.uid} ends before it starts`);
      }
    } catch (error) {
      found.push(`an event is unreadable: ${error.message}`);
    }
  }
  return found;
}

const documents = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(documents.map(problems)));
