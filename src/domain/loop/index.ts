// The closed loop: what turns an answer into work for a person. So far the working-time calendar
// that service levels (due times of cases) are counted in.
export { addBusinessHours, type BusinessCalendar } from './business-hours.ts';
